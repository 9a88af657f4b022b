import type { Types } from 'mongoose';
import { almatyDateOf } from '../calendar/index.ts';
import type { Models } from '../db/models.ts';
import { FINAL_STATUSES, type SheetStatus } from '../evaluation/ranking/models.ts';
import { pageOf as listPage } from '../paging.ts';

/** How far one unit is in a campaign: counts only, never who answered what. */
export interface UnitProgress {
  unitCode: string;
  unitName: string;
  done: number;
  /** Started, not finished, deadline not passed (ranking sheets only: a 360 draft is nobody's business). */
  inProgress: number;
  /** Not finished and the deadline has passed. */
  late: number;
  notStarted: number;
}

const collator = new Intl.Collator(['kk', 'ru']);

export type ProgressState = 'done' | 'inProgress' | 'late' | 'notStarted';

/** One page of a list as the dashboard's API sends it. */
export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

/** One page of a list; a page past the end shows the last one. */
export function pageOf<T>(all: readonly T[], page: number, perPage: number): Page<T> {
  const shown = listPage(all, page, perPage);
  return { rows: shown.items, total: all.length, page: shown.page, pages: shown.pages };
}

async function unitNames(models: Models, organisationCode: string): Promise<Map<string, string>> {
  const units = await models.Unit.find({ organisationCode }, { code: 1, name: 1 }).lean();
  return new Map(units.map((u) => [u.code, u.name]));
}

function tally(names: Map<string, string>) {
  const byUnit = new Map<string, UnitProgress>();
  return {
    add(unitCode: string, state: ProgressState) {
      const row = byUnit.get(unitCode) ?? {
        unitCode,
        unitName: names.get(unitCode) ?? unitCode,
        done: 0,
        inProgress: 0,
        late: 0,
        notStarted: 0,
      };
      row[state]++;
      byUnit.set(unitCode, row);
    },
    rows: () => [...byUnit.values()].sort((a, b) => collator.compare(a.unitName, b.unitName)),
  };
}

/**
 * A 360 campaign's questionnaires by the respondent's unit: submitted, late (not submitted after the
 * last day) and not submitted yet. The assignment says only "done", so that is all there is to count.
 */
export async function survey360Progress(
  models: Models,
  campaign: { _id: Types.ObjectId; organisationCode: string; deadline: string },
  now: Date,
): Promise<UnitProgress[]> {
  const today = almatyDateOf(now);
  const assignments = await models.SurveyAssignment.find(
    { campaignId: campaign._id },
    { respondentId: 1, done: 1 },
  ).lean();
  const units = await unitsOfStaff(models, campaign.organisationCode);
  const counts = tally(await unitNames(models, campaign.organisationCode));
  for (const a of assignments) {
    const unit = units.get(String(a.respondentId)) ?? '';
    counts.add(unit, a.done ? 'done' : today > campaign.deadline ? 'late' : 'notStarted');
  }
  return counts.rows();
}

const STARTED: readonly SheetStatus[] = ['inProgress', 'returned'];

/** A ranking or KPI sheet's state as the dashboard counts it. */
export function sheetState(
  sheet: { status: string; deadline?: string | null },
  today: string,
): ProgressState {
  const status = sheet.status as SheetStatus;
  if (FINAL_STATUSES.includes(status) || status === 'notEvaluated') return 'done';
  if (sheet.deadline && today > sheet.deadline) return 'late';
  return STARTED.includes(status) ? 'inProgress' : 'notStarted';
}

/** A quarter's sheets by the evaluatee's unit. */
export async function rankingProgress(
  models: Models,
  campaign: { _id: Types.ObjectId; organisationCode: string },
  now: Date,
): Promise<UnitProgress[]> {
  const today = almatyDateOf(now);
  const sheets = await models.RankingSheet.find(
    { campaignId: campaign._id },
    { unitCode: 1, status: 1, deadline: 1 },
  ).lean();
  const counts = tally(await unitNames(models, campaign.organisationCode));
  for (const sheet of sheets) counts.add(sheet.unitCode, sheetState(sheet, today));
  return counts.rows();
}

/** An evaluator with sheets still to fill in a campaign: how many, how many late. */
export interface EvaluatorRow {
  evaluatorId: string;
  name: string;
  unitName: string;
  open: number;
  late: number;
}

/**
 * Evaluators with unfinished sheets of a quarter (of one unit's evaluatees, when given), the most
 * late first, then by name.
 */
export async function evaluatorsBehind(
  models: Models,
  campaign: { _id: Types.ObjectId; organisationCode: string },
  now: Date,
  unitCode?: string,
): Promise<EvaluatorRow[]> {
  const today = almatyDateOf(now);
  const sheets = await models.RankingSheet.find(
    {
      campaignId: campaign._id,
      status: { $in: ['pending', 'inProgress'] },
      evaluatorId: { $ne: null },
      ...(unitCode ? { unitCode } : {}),
    },
    { evaluatorId: 1, deadline: 1, status: 1 },
  ).lean();
  const byEvaluator = new Map<string, { open: number; late: number }>();
  for (const sheet of sheets) {
    const key = String(sheet.evaluatorId);
    const row = byEvaluator.get(key) ?? { open: 0, late: 0 };
    row.open++;
    if (sheetState(sheet, today) === 'late') row.late++;
    byEvaluator.set(key, row);
  }
  const people = (
    await models.Employee.find(
      { organisationCode: campaign.organisationCode },
      { fullName: 1, unitCode: 1 },
    ).lean()
  ).filter((p) => byEvaluator.has(String(p._id)));
  const names = await unitNames(models, campaign.organisationCode);
  return people
    .map((p) => ({
      evaluatorId: String(p._id),
      name: p.fullName,
      unitName: names.get(p.unitCode) ?? p.unitCode,
      ...byEvaluator.get(String(p._id))!,
    }))
    .sort(
      (a, b) =>
        b.late - a.late || collator.compare(a.name, b.name) || (a.evaluatorId < b.evaluatorId ? -1 : 1),
    );
}

/** Respondents of a unit with questionnaires still to submit (who gets the unit's 360 reminder). */
export async function respondentsOfUnit(
  models: Models,
  campaignId: Types.ObjectId,
  organisationCode: string,
  unitCode: string,
): Promise<Set<string>> {
  const staff = await models.Employee.find({ organisationCode, unitCode }, { _id: 1 }).lean();
  const pending = await models.SurveyAssignment.distinct('respondentId', {
    campaignId,
    done: false,
    respondentId: { $in: staff.map((s) => s._id) },
  });
  return new Set(pending.map(String));
}

/** Evaluators of a unit's evaluatees with unfinished sheets (who gets the unit's ranking reminder). */
export async function evaluatorsOfUnit(
  models: Models,
  campaignId: Types.ObjectId,
  unitCode: string,
): Promise<string[]> {
  const ids = await models.RankingSheet.distinct('evaluatorId', {
    campaignId,
    unitCode,
    status: { $in: ['pending', 'inProgress'] },
    evaluatorId: { $ne: null },
  });
  return ids.map(String).sort();
}

/** Each employee's unit, for the whole body in one read by its code. */
async function unitsOfStaff(models: Models, organisationCode: string) {
  const people = await models.Employee.find({ organisationCode }, { unitCode: 1 }).lean();
  return new Map(people.map((p) => [String(p._id), p.unitCode]));
}
