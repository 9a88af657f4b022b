import { Types } from 'mongoose';
import { dayOfMonthAfterPeriod, type IsoDate, periodOf } from '../../calendar/index.ts';
import type { Models } from '../../db/models.ts';
import { getMethodology, type ValidityCheck, validityOn } from '../../methodology/index.ts';
import { methodologyOfOrganisation } from '../../people/organisations.ts';
import { plan360 } from './plan.ts';

export type CampaignProblem =
  | 'noMethodology'
  | 'no360'
  | 'exists'
  | 'notDraft'
  | 'notLaunched'
  | 'shortOfRespondents';

/**
 * Creates the year's campaign as a draft: evaluatees with proposed respondents, plus the staff left out
 * with their reason. The unique (organisation, year) index makes a second creation fail cleanly.
 */
export async function createCampaign(
  models: Models,
  input: {
    organisationCode: string;
    year: number;
    createdBy: number;
    /** HR's schedule, on or before the methodology's date; the methodology's date when not given. */
    deadline?: IsoDate;
  },
): Promise<
  | { ok: true; campaignId: Types.ObjectId }
  | { ok: false; problem: CampaignProblem }
  | { ok: false; problem: 'notInForce'; validity: Exclude<ValidityCheck, { ok: true }> }
> {
  const methodology = await methodologyOfOrganisation(models, input.organisationCode);
  if (!methodology) return { ok: false, problem: 'noMethodology' };
  const survey = methodology.methods.survey360;
  if (!survey) return { ok: false, problem: 'no360' };
  const validity = validityOn(methodology, periodOf('year', `${input.year}-01-01` as IsoDate), 'survey360');
  if (!validity.ok) return { ok: false, problem: 'notInForce', validity };
  const unfinished = await models.SurveyCampaign.findOne({
    organisationCode: input.organisationCode,
    year: input.year,
  }).lean();
  if (unfinished && unfinished.targetsWritten !== false) return { ok: false, problem: 'exists' };
  const deadline =
    input.deadline ??
    dayOfMonthAfterPeriod(
      `${input.year}-12-31` as IsoDate,
      survey.deadline.day,
      survey.deadline.shiftIfNonWorking,
    );
  let campaign: { _id: Types.ObjectId };
  if (unfinished) {
    // Cut off before its evaluatees were all written (never launched): what it wrote is written again.
    campaign = unfinished;
    await models.SurveyAssignment.deleteMany({ campaignId: campaign._id });
    await models.SurveyTarget.deleteMany({ campaignId: campaign._id });
    await models.SurveyCampaign.updateOne({ _id: campaign._id }, { $set: { deadline } });
  } else
    try {
      campaign = await models.SurveyCampaign.create({
        organisationCode: input.organisationCode,
        methodologyId: methodology.id,
        year: input.year,
        deadline,
        createdBy: input.createdBy,
        targetsWritten: false,
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return { ok: false, problem: 'exists' };
      throw error;
    }
  const employees = await models.Employee.find({ organisationCode: input.organisationCode })
    .sort({ personnelNumber: 1 })
    .lean();
  const units = await models.Unit.find({ organisationCode: input.organisationCode }).lean();
  const absences = await models.StaffAbsence.find({ organisationCode: input.organisationCode }).lean();
  const planned = plan360(
    methodology,
    input.year,
    employees.map((e) => ({ ...e, id: String(e._id), supervisorNumber: e.supervisorNumber ?? null })),
    units.map((u) => ({ code: u.code, parentCode: u.parentCode ?? null })),
    absences.map((a) => ({ employeeId: String(a.employeeId), from: a.from, to: a.to })),
  );
  // Written in two bulk inserts: a body of 1,500 staff is thousands of documents.
  const targetDocs = planned.map((target) => ({
    _id: new Types.ObjectId(),
    campaignId: campaign._id,
    employeeId: target.employeeId,
    competencySetId: 'competencySet' in target ? target.competencySet.id : null,
    excludedReason: 'excludedReason' in target ? target.excludedReason : null,
    withoutParticipation: 'withoutParticipation' in target ? target.withoutParticipation : null,
  }));
  const assignmentDocs = planned.flatMap((target, index) => {
    if (!('proposal' in target)) return [];
    const assignments: { respondentId: string; relation: string }[] = target.proposal.respondents.map(
      (r) => ({
        respondentId: r.employeeId,
        relation: r.relation,
      }),
    );
    if (target.selfAssessment) assignments.push({ respondentId: target.employeeId, relation: 'self' });
    return assignments.map((a) => ({ ...a, campaignId: campaign._id, targetId: targetDocs[index]!._id }));
  });
  await models.SurveyTarget.insertMany(targetDocs);
  if (assignmentDocs.length > 0) await models.SurveyAssignment.insertMany(assignmentDocs);
  await models.SurveyCampaign.updateOne({ _id: campaign._id }, { $set: { targetsWritten: true } });
  return { ok: true, campaignId: campaign._id };
}

export async function addRespondent(
  models: Models,
  input: { targetId: Types.ObjectId | string; respondentId: Types.ObjectId | string },
): Promise<'added' | 'exists' | 'full' | 'notDraft' | 'self'> {
  const target = await models.SurveyTarget.findById(input.targetId);
  const campaign = target && (await models.SurveyCampaign.findById(target.campaignId));
  if (!target || !campaign || campaign.state !== 'draft') return 'notDraft';
  if (String(target.employeeId) === String(input.respondentId)) return 'self';
  const methodology = getMethodology(campaign.methodologyId);
  const max = methodology?.methods.survey360?.respondents.max ?? 7;
  const others = await models.SurveyAssignment.countDocuments({
    targetId: target._id,
    relation: { $ne: 'self' },
  });
  if (others >= max) return 'full';
  try {
    await models.SurveyAssignment.create({
      campaignId: campaign._id,
      targetId: target._id,
      respondentId: input.respondentId,
      relation: 'peer',
    });
    return 'added';
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return 'exists';
    throw error;
  }
}

export async function removeRespondent(
  models: Models,
  assignmentId: string,
): Promise<'removed' | 'notDraft'> {
  const assignment = await models.SurveyAssignment.findById(assignmentId);
  const campaign = assignment && (await models.SurveyCampaign.findById(assignment.campaignId));
  if (!assignment || !campaign || campaign.state !== 'draft' || assignment.relation === 'self')
    return 'notDraft';
  await models.SurveyAssignment.deleteOne({ _id: assignment._id });
  return 'removed';
}

/** Evaluatees that still have fewer non-self respondents than the methodology's minimum. */
export async function targetsShortOfRespondents(models: Models, campaignId: Types.ObjectId | string) {
  const campaign = await models.SurveyCampaign.findById(campaignId);
  const min = (campaign && getMethodology(campaign.methodologyId)?.methods.survey360?.respondents.min) ?? 3;
  const progress = await completion(models, campaignId);
  return progress.filter((row) => row.respondents < min);
}

export interface CompletionRow {
  targetId: string;
  employeeId: string;
  /** Non-self respondents assigned, and how many of them have submitted. Never who. */
  respondents: number;
  done: number;
  selfDone: boolean;
}

export async function completion(
  models: Models,
  campaignId: Types.ObjectId | string,
): Promise<CompletionRow[]> {
  // Sorted so that a page of the progress or targets list shows the same people on every tap.
  const targets = await models.SurveyTarget.find({ campaignId, excludedReason: null })
    .sort({ _id: 1 })
    .lean();
  const assignments = await models.SurveyAssignment.find(
    { campaignId },
    { targetId: 1, relation: 1, done: 1 },
  ).lean();
  const byTarget = new Map<string, typeof assignments>();
  for (const assignment of assignments) {
    const key = String(assignment.targetId);
    byTarget.set(key, [...(byTarget.get(key) ?? []), assignment]);
  }
  return targets.map((target) => {
    const mine = byTarget.get(String(target._id)) ?? [];
    const others = mine.filter((a) => a.relation !== 'self');
    return {
      targetId: String(target._id),
      employeeId: String(target.employeeId),
      respondents: others.length,
      done: others.filter((a) => a.done).length,
      selfDone: mine.some((a) => a.relation === 'self' && a.done),
    };
  });
}

/** Draft → launched, only when every evaluatee has enough respondents. Returns who must be invited. */
export async function launchCampaign(
  models: Models,
  campaignId: Types.ObjectId | string,
): Promise<
  { ok: true; respondentIds: string[] } | { ok: false; problem: CampaignProblem; short?: CompletionRow[] }
> {
  const short = await targetsShortOfRespondents(models, campaignId);
  if (short.length > 0) return { ok: false, problem: 'shortOfRespondents', short };
  const launched = await models.SurveyCampaign.findOneAndUpdate(
    { _id: campaignId, state: 'draft', targetsWritten: { $ne: false } },
    { $set: { state: 'launched' } },
    { returnDocument: 'after' },
  );
  if (!launched) return { ok: false, problem: 'notDraft' };
  const respondentIds = await models.SurveyAssignment.distinct('respondentId', { campaignId });
  return { ok: true, respondentIds: respondentIds.map(String) };
}

/** Respondents who still have at least one questionnaire to submit in a launched campaign. */
export async function pendingRespondents(
  models: Models,
  campaignId: Types.ObjectId | string,
): Promise<Map<string, number>> {
  const pending = await models.SurveyAssignment.find({ campaignId, done: false }, { respondentId: 1 }).lean();
  const counts = new Map<string, number>();
  for (const a of pending) counts.set(String(a.respondentId), (counts.get(String(a.respondentId)) ?? 0) + 1);
  return counts;
}
