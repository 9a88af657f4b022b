import type { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { getMethodology } from '../../methodology/index.ts';
import { type BandId, score360 } from '../scoring/index.ts';
import type { AnsweringDeps } from './answering.ts';
import { releaseResponses } from './release.ts';

export type Result360 =
  | {
      ok: true;
      perCompetency: { id: string; average: number; selfAverage: number | null }[];
      overall: number;
      band: BandId;
      lowest: string[];
      respondentCount: number;
    }
  | { ok: false; code: 'notEnoughResponses'; have: number; need: number };

/**
 * Computes an evaluatee's result from the submitted questionnaires (never from drafts). Below the
 * methodology's minimum of non-self responses there is no result at all.
 */
export async function computeTargetResult(
  models: Models,
  targetId: Types.ObjectId | string,
): Promise<Result360 | null> {
  const target = await models.SurveyTarget.findById(targetId);
  const campaign = target && (await models.SurveyCampaign.findById(target.campaignId));
  const methodology = campaign && getMethodology(campaign.methodologyId);
  const survey = methodology?.methods.survey360;
  const set = survey?.competencySets.find((s) => s.id === target?.competencySetId);
  if (!target || !methodology || !survey || !set) return null;
  const responses = await models.SurveyResponse.find(
    { targetId: target._id },
    { isSelf: 1, answers: 1 },
  ).lean();
  const scored = score360({
    competencies: set.competencies.map((c) => ({ id: c.id, questionIds: c.questions.map((q) => q.id) })),
    responses: responses.map((r) => ({ isSelf: r.isSelf, answers: r.answers as Record<string, number> })),
    minRespondents: survey.respondents.min,
    answerScale: { min: 1, max: 5, decimals: false },
    bands: methodology.bands,
  });
  if (scored.ok) return scored;
  if (scored.code === 'notEnoughResponses') return scored;
  throw new Error(`360 responses of target ${String(target._id)} are inconsistent: ${scored.code}`);
}

/**
 * Launched → closed; the sealed questionnaires are released as responses, then every evaluatee's
 * result is computed and stored. Safe to repeat: results already stored are kept. Returns the
 * targets whose result was stored now.
 */
export async function closeCampaign(
  deps: AnsweringDeps,
  campaignId: Types.ObjectId | string,
): Promise<string[]> {
  const { models } = deps;
  await models.SurveyCampaign.updateOne(
    { _id: campaignId, state: 'launched' },
    { $set: { state: 'closed' } },
  );
  const campaign = await models.SurveyCampaign.findById(campaignId);
  if (campaign?.state !== 'closed') return [];
  await releaseResponses(deps, campaign._id);
  const stored: string[] = [];
  for (const target of await models.SurveyTarget.find({ campaignId, excludedReason: null, result: null })) {
    const result = await computeTargetResult(models, target._id);
    if (!result) continue;
    const updated = await models.SurveyTarget.updateOne(
      { _id: target._id, result: null },
      { $set: { result } },
    );
    if (updated.modifiedCount === 1) stored.push(String(target._id));
  }
  // Unfinished drafts of a closed campaign can no longer be submitted; they are the only place
  // where answers sit next to a respondent, so they go.
  const assignmentIds = (await models.SurveyAssignment.find({ campaignId }, { _id: 1 }).lean()).map(
    (a) => a._id,
  );
  await models.SurveyDraft.deleteMany({ assignmentId: { $in: assignmentIds } });
  return stored;
}
