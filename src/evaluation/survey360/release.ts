import { randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import { type AnsweringDeps, type SealedContent, sealedContext } from './answering.ts';

/**
 * At a campaign's close its sealed questionnaires become plain responses: opened, shuffled, and
 * written with fresh random ids, so neither the order of the collection, nor an id, nor anything
 * stored before says which submission became which response. Then the sealed pieces are deleted.
 *
 * Safe to repeat after a crash at any point: while a release runs each response carries a keyed
 * fingerprint of its sealed piece (unique), so a repeat inserts only what is missing; the
 * fingerprints are removed once the sealed pieces are gone. Returns the number released now.
 */
export async function releaseResponses(
  deps: AnsweringDeps,
  campaignId: Types.ObjectId | string,
): Promise<number> {
  const { SurveySealedResponse, SurveyResponse } = deps.models;
  const sealed = await SurveySealedResponse.find({ campaignId }).lean();
  const responses = shuffled(
    sealed.map((piece) => {
      const content = deps.answerVault.open<SealedContent>(piece.box, sealedContext(campaignId, piece._id));
      return {
        campaignId,
        targetId: content.targetId,
        isSelf: content.isSelf,
        answers: content.answers,
        releaseMac: deps.answerVault.mac('release', piece._id),
      };
    }),
  );
  let inserted = responses.length;
  if (responses.length > 0) {
    try {
      await SurveyResponse.insertMany(responses, { ordered: false });
    } catch (error) {
      const codes = ((error as { writeErrors?: { code?: number }[] }).writeErrors ?? []).map((e) => e.code);
      if (codes.length === 0 || codes.some((code) => code !== 11000)) throw error;
      inserted -= codes.length;
    }
  }
  await SurveySealedResponse.deleteMany({ _id: { $in: sealed.map((piece) => piece._id) } });
  await SurveyResponse.updateMany(
    { campaignId, releaseMac: { $exists: true } },
    { $unset: { releaseMac: 1 } },
  );
  return inserted;
}

/** Fisher–Yates with a cryptographic generator: the order must not be guessable. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
