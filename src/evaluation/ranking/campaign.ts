import type { Types } from 'mongoose';
import { addDays, almatyDateOf, type IsoDate, isoDate, type Period, periodOf } from '../../calendar/index.ts';
import { insertMissing } from '../../db/insert-missing.ts';
import type { Models } from '../../db/models.ts';
import {
  type MethodKind,
  type Methodology,
  type ValidityCheck,
  validityOn,
} from '../../methodology/index.ts';
import { methodologyOfOrganisation } from '../../people/organisations.ts';
import { EDITABLE_STATUSES, type RankingCampaignDoc } from './models.ts';
import { type PlannedSheet, planPeriod } from './plan.ts';

/** '2026-Q3' → the third quarter of 2026; '2026' → the year 2026; anything else → null. */
export function parsePeriod(text: string): Period | null {
  const quarter = /^(\d{4})-?Q([1-4])$/i.exec(text.trim());
  if (quarter) return periodOf('quarter', isoDate(Number(quarter[1]), Number(quarter[2]) * 3, 1));
  const year = /^(\d{4})$/.exec(text.trim());
  if (year) return periodOf('year', isoDate(Number(year[1]), 1, 1));
  return null;
}

/**
 * The period at the head of a command's arguments, as people type it: `2026 3` (year and quarter) or
 * `2026` (the year); the stored form `2026-Q3` is accepted too. `rest` is what follows it; `period` is
 * null when the arguments do not start with a period.
 */
export function takePeriod(args: readonly string[]): { period: Period | null; rest: string[] } {
  const [first = '', second = ''] = args;
  if (/^\d{4}$/.test(first) && /^[1-4]$/.test(second))
    return { period: parsePeriod(`${first}-Q${second}`), rest: args.slice(2) };
  const period = parsePeriod(first);
  return period ? { period, rest: args.slice(1) } : { period: null, rest: [...args] };
}

/** The quarter evaluated now: the one that ended last (in October, the third quarter). */
export function previousQuarter(now: Date): Period {
  const current = periodOf('quarter', almatyDateOf(now));
  return periodOf('quarter', addDays(current.start, -1));
}

export type CreateCampaignResult =
  | { ok: true; campaignId: Types.ObjectId; planned: PlannedSheet[] }
  | { ok: false; problem: 'noMethodology' | 'nothingToEvaluate' | 'exists' }
  /** The methodology (or its scoped procedure) was not in force for the period: the dates say why. */
  | { ok: false; problem: 'notInForce'; validity: Exclude<ValidityCheck, { ok: true }> };

/**
 * Whether the period may be evaluated under the methodology: its methods that run in this kind of
 * period, at least one of them in force for it. The refusal of the first method carries the dates.
 */
export function campaignValidity(methodology: Methodology, period: Period): ValidityCheck {
  const { ranking, kpi, scopedKpi } = methodology.methods;
  const methods: MethodKind[] = [];
  if (ranking && period.kind === 'quarter') methods.push('ranking');
  if (kpi && kpi.period === period.kind) methods.push('kpi');
  if (scopedKpi && scopedKpi.period === period.kind) methods.push('scopedKpi');
  const checks = methods.map((method) => validityOn(methodology, period, method));
  return checks.find((c) => c.ok) ?? checks[0] ?? validityOn(methodology, period);
}

/**
 * Opens the period's campaign: one sheet per evaluatee and method, with the evaluator, the deadline and
 * the participation (full, without participation, not evaluated with the reason). The unique
 * (organisation, period) key makes a second creation fail cleanly; a creation cut off before all the
 * sheets were written (`sheetsWritten: false`) is finished by the next one, keeping the sheets written.
 */
export async function createRankingCampaign(
  models: Models,
  input: {
    organisationCode: string;
    period: Period;
    createdBy: number;
    /** HR's schedule: a sheet due later by the methodology is due on this day instead. */
    deadline?: IsoDate;
  },
): Promise<CreateCampaignResult> {
  const { organisationCode, period } = input;
  const methodology = await methodologyOfOrganisation(models, organisationCode);
  if (!methodology) return { ok: false, problem: 'noMethodology' };
  const validity = campaignValidity(methodology, period);
  if (!validity.ok) return { ok: false, problem: 'notInForce', validity };
  const unfinished = await models.RankingCampaign.findOne({
    organisationCode,
    period: period.label,
  }).lean();
  if (unfinished && unfinished.sheetsWritten !== false) return { ok: false, problem: 'exists' };
  // Roster order decides between two heads of one unit: keep it stable.
  const employees = await models.Employee.find({ organisationCode }).sort({ personnelNumber: 1 }).lean();
  const units = await models.Unit.find({ organisationCode }).lean();
  const absences = await models.StaffAbsence.find({ organisationCode }).lean();
  const plans = await models.KpiPlan.find({ organisationCode, period: period.label }).lean();
  const planned = planPeriod({
    methodology,
    period,
    roster: employees.map((e) => ({ ...e, id: String(e._id), supervisorNumber: e.supervisorNumber ?? null })),
    units: units.map((u) => ({ code: u.code, parentCode: u.parentCode ?? null })),
    absences: absences.map((a) => ({ employeeId: String(a.employeeId), from: a.from, to: a.to })),
    kpiScopeMembers: new Set(plans.map((p) => String(p.employeeId))),
  });
  if (planned.length === 0) return { ok: false, problem: 'nothingToEvaluate' };
  let campaign: Pick<RankingCampaignDoc, 'year'> & { _id: Types.ObjectId };
  if (unfinished) campaign = unfinished;
  else
    try {
      campaign = await new models.RankingCampaign({
        organisationCode,
        methodologyId: methodology.id,
        periodKind: period.kind,
        period: period.label,
        year: Number(period.start.slice(0, 4)),
        start: period.start,
        end: period.end,
        createdBy: input.createdBy,
        sheetsWritten: false,
      }).save();
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return { ok: false, problem: 'exists' };
      throw error;
    }
  const unitOf = new Map(employees.map((e) => [String(e._id), e.unitCode]));
  // One sheet per (campaign, evaluatee, kind) by the unique index: what a cut-off creation wrote stays.
  await insertMissing(
    models.RankingSheet,
    planned.map((p) => ({
      campaignId: campaign._id,
      organisationCode,
      period: period.label,
      year: campaign.year,
      employeeId: p.employeeId,
      unitCode: unitOf.get(p.employeeId) ?? '',
      kind: p.kind,
      formId: p.formId,
      evaluatorId: p.evaluatorId,
      evaluatorAbsent: p.evaluatorAbsent,
      participation: p.participation,
      reason: p.reason,
      workedDays: p.workedDays,
      deadline: p.deadline && input.deadline && input.deadline < p.deadline ? input.deadline : p.deadline,
      dueAfterReturn: p.dueAfterReturn,
      status: p.participation === 'notEvaluated' ? 'notEvaluated' : 'pending',
    })),
  );
  await models.RankingCampaign.updateOne({ _id: campaign._id }, { $set: { sheetsWritten: true } });
  return { ok: true, campaignId: campaign._id, planned };
}

/**
 * HR's substitute for an absent evaluator: every sheet of the open campaigns the absent evaluator has
 * not submitted yet moves to the substitute (answers given so far stay on the sheet).
 */
export async function setSubstitute(
  models: Models,
  input: { absentId: Types.ObjectId; substituteId: Types.ObjectId },
): Promise<number> {
  const open = await models.RankingCampaign.find({ state: 'open' }, { _id: 1 }).lean();
  const result = await models.RankingSheet.updateMany(
    {
      campaignId: { $in: open.map((c) => c._id) },
      evaluatorId: input.absentId,
      status: { $in: EDITABLE_STATUSES },
    },
    { $set: { evaluatorId: input.substituteId, substituteFor: input.absentId, evaluatorAbsent: false } },
  );
  return result.modifiedCount;
}

export function isIsoDateText(text: string): text is IsoDate {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}

/**
 * HR finalises the campaign: no sheet can be filled any more, and the results go out. Atomic on the
 * state, so two taps close it once; `alreadyClosed` lets a repeat re-send notices (they are idempotent).
 */
export async function closeRankingCampaign(
  models: Models,
  campaignId: Types.ObjectId | string,
  now: Date,
): Promise<'closed' | 'alreadyClosed' | 'unknown'> {
  const closed = await models.RankingCampaign.findOneAndUpdate(
    { _id: campaignId, state: 'open' },
    { $set: { state: 'closed', closedAt: now } },
  );
  if (closed) return 'closed';
  return (await models.RankingCampaign.exists({ _id: campaignId })) ? 'alreadyClosed' : 'unknown';
}
