import { randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import { insertMissing } from '../../db/insert-missing.ts';
import { type AnsweringDeps, type SealedContent, sealedContext } from './answering.ts';

/**
 * At a campaign's close its sealed questionnaires become plain responses: opened, shuffled, and
 * written with fresh random ids, so neither the order of the collection, nor an id, nor anything
 * stored before says which submission became which response. Then the sealed pieces are deleted.
 *
 * An evaluatee with fewer than `minOthers` responses of others gets no result, and their
 * questionnaires are not released at all: among so few, knowing who submitted would tell whose
 * answers they are. Only the count is kept, as the result "not enough responses".
 *
 * Safe to repeat after a crash at any point: while a release runs each response carries a keyed
 * fingerprint of its sealed piece (unique), so a repeat inserts only what is missing; the
 * fingerprints are removed once the sealed pieces are gone. Returns the number released now.
 */
export async function releaseResponses(
  deps: AnsweringDeps,
  campaignId: Types.ObjectId | string,
  minOthers: number,
): Promise<number> {
  const { SurveySealedResponse, SurveyResponse, SurveyTarget } = deps.models;
  const sealed = await SurveySealedResponse.find({ campaignId }).lean();
  const opened = sealed.map((piece) => ({
    piece,
    content: deps.answerVault.open<SealedContent>(piece.box, sealedContext(campaignId, piece._id)),
  }));
  const others = new Map<string, number>();
  for (const { content } of opened)
    if (!content.isSelf) others.set(content.targetId, (others.get(content.targetId) ?? 0) + 1);
  const withheld = new Set<string>();
  for (const { content } of opened) {
    const have = others.get(content.targetId) ?? 0;
    if (have >= minOthers || withheld.has(content.targetId)) continue;
    withheld.add(content.targetId);
    // Stored before the pieces go, so a repeat after a crash still knows the count.
    await SurveyTarget.updateOne(
      { _id: content.targetId, result: null },
      { $set: { result: { ok: false, code: 'notEnoughResponses', have, need: minOthers } } },
    );
  }
  const responses = shuffled(
    opened
      .filter(({ content }) => !withheld.has(content.targetId))
      .map(({ piece, content }) => ({
        campaignId,
        targetId: content.targetId,
        isSelf: content.isSelf,
        answers: content.answers,
        releaseMac: deps.answerVault.mac('release', piece._id),
      })),
  );
  const inserted = await insertMissing(SurveyResponse, responses);
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
