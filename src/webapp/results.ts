import type { Types } from 'mongoose';
import type { Models } from '../db/models.ts';
import { mayView, sheetDocument, survey360Document } from '../evaluation/confidentiality.ts';
import { FINAL_STATUSES, type RankingSheetDoc, type SheetStatus } from '../evaluation/ranking/models.ts';
import { yearResults } from '../evaluation/ranking/results.ts';
import type { Result360 } from '../evaluation/survey360/results.ts';
import { getMethodology } from '../methodology/index.ts';
import type { Actor } from '../people/access.ts';
import type { Language } from '../people/models.ts';

type SheetRecord = RankingSheetDoc & { _id: Types.ObjectId };

const collator = new Intl.Collator(['kk', 'ru']);

/**
 * The sheets of a quarter the actor may see: mayView decides for each, as in the chat's /scores and
 * /rankexport (the HR head: the body's; a plain HR officer: their own at most).
 */
export async function visibleSheets(
  models: Models,
  actor: Actor,
  campaign: { _id: Types.ObjectId; methodologyId: string },
): Promise<SheetRecord[]> {
  const sheets = await models.RankingSheet.find({ campaignId: campaign._id }).sort({ _id: 1 }).lean();
  const shown: SheetRecord[] = [];
  for (const sheet of sheets)
    if (mayView(actor, await sheetDocument(models, sheet, campaign.methodologyId)).allowed) shown.push(sheet);
  return shown;
}

const isFinal = (sheet: SheetRecord) => FINAL_STATUSES.includes(sheet.status as SheetStatus);

export interface BandCounts {
  unitCode: string;
  unitName: string;
  /** Band id → sheets with a final result in it. */
  bands: Record<string, number>;
  notEvaluated: number;
}

/** The distribution of final results by band, per unit of the evaluatees. */
export async function bandsByUnit(
  models: Models,
  organisationCode: string,
  sheets: readonly SheetRecord[],
): Promise<BandCounts[]> {
  const names = new Map(
    (await models.Unit.find({ organisationCode }, { code: 1, name: 1 }).lean()).map((u) => [u.code, u.name]),
  );
  const byUnit = new Map<string, BandCounts>();
  for (const sheet of sheets) {
    const row = byUnit.get(sheet.unitCode) ?? {
      unitCode: sheet.unitCode,
      unitName: names.get(sheet.unitCode) ?? sheet.unitCode,
      bands: {},
      notEvaluated: 0,
    };
    if (sheet.status === 'notEvaluated') row.notEvaluated++;
    else if (isFinal(sheet) && sheet.result?.band)
      row.bands[sheet.result.band] = (row.bands[sheet.result.band] ?? 0) + 1;
    byUnit.set(sheet.unitCode, row);
  }
  return [...byUnit.values()].sort((a, b) => collator.compare(a.unitName, b.unitName));
}

export interface PersonRow {
  employeeId: string;
  name: string;
  personnelNumber: string;
  unitName: string;
  kind: string;
  score: number | null;
  band: string | null;
  status: string;
}

/** One row per visible sheet, by unit then name; `query` narrows by name or personnel number. */
export async function peopleRows(
  models: Models,
  organisationCode: string,
  sheets: readonly SheetRecord[],
  query = '',
): Promise<PersonRow[]> {
  // The body's staff in one read by its code (a list of 1,500 ids would be a slower query).
  const people = new Map(
    (await models.Employee.find({ organisationCode }, { fullName: 1, personnelNumber: 1 }).lean()).map(
      (p) => [String(p._id), p],
    ),
  );
  const names = new Map(
    (await models.Unit.find({ organisationCode }, { code: 1, name: 1 }).lean()).map((u) => [u.code, u.name]),
  );
  const needle = query.trim().toLocaleLowerCase();
  return sheets
    .map((sheet): PersonRow => {
      const person = people.get(String(sheet.employeeId));
      return {
        employeeId: String(sheet.employeeId),
        name: person?.fullName ?? '',
        personnelNumber: person?.personnelNumber ?? '',
        unitName: names.get(sheet.unitCode) ?? sheet.unitCode,
        kind: sheet.kind,
        score: isFinal(sheet) ? (sheet.result?.average ?? null) : null,
        band: isFinal(sheet) ? (sheet.result?.band ?? null) : null,
        status: sheet.status,
      };
    })
    .filter(
      (row) =>
        !needle ||
        row.name.toLocaleLowerCase().includes(needle) ||
        row.personnelNumber.toLocaleLowerCase().includes(needle),
    )
    .sort(
      (a, b) =>
        collator.compare(a.unitName, b.unitName) ||
        collator.compare(a.name, b.name) ||
        (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0),
    );
}

export interface Radar {
  targetId: string;
  year: number;
  axes: string[];
  others: number[];
  self: (number | null)[];
  overall: number;
  band: string;
}

export interface PersonResult {
  employee: { id: string; name: string; personnelNumber: string; position: string };
  /** Each year asked, its quarters (and the annual final when every sheet is visible). */
  years: Awaited<ReturnType<typeof yearResults>>[];
  radar: Radar | null;
  /** What was shown, for the audit log. */
  shown: { sheets: string[]; targetId: string | null };
}

/**
 * One person's results as the actor may see them: the quarters of the years asked (yearResults with
 * mayView, as /scores) and their latest 360 result with its radar (mayView, as the 360 result
 * screen). null when the actor may see none of it.
 */
export async function personResult(
  models: Models,
  actor: Actor,
  employee: {
    _id: Types.ObjectId;
    fullName: string;
    personnelNumber: string;
    position: string;
    organisationCode: string;
  },
  years: readonly number[],
  lang: Language,
): Promise<PersonResult | null> {
  const visible = async (sheet: SheetRecord) => mayView(actor, await sheetDocument(models, sheet)).allowed;
  const results = [];
  for (const year of years) results.push(await yearResults(models, employee._id, year, visible));
  const radar = await latestRadar(models, actor, employee._id, lang);
  const sheets = results.flatMap((r) => r.shown);
  if (sheets.length === 0 && !radar) return null;
  return {
    employee: {
      id: String(employee._id),
      name: employee.fullName,
      personnelNumber: employee.personnelNumber,
      position: employee.position,
    },
    years: results,
    radar,
    shown: { sheets, targetId: radar?.targetId ?? null },
  };
}

async function latestRadar(
  models: Models,
  actor: Actor,
  employeeId: Types.ObjectId,
  lang: Language,
): Promise<Radar | null> {
  const targets = await models.SurveyTarget.find({ employeeId, 'result.ok': true }).lean();
  const campaigns = await models.SurveyCampaign.find(
    { _id: { $in: targets.map((t) => t.campaignId) }, state: 'closed' },
    { year: 1, methodologyId: 1 },
  )
    .sort({ year: -1, _id: -1 })
    .lean();
  for (const campaign of campaigns) {
    const target = targets.find((t) => t.campaignId.equals(campaign._id))!;
    const document = await survey360Document(models, String(target._id));
    if (!document || !mayView(actor, document).allowed) continue;
    const result = target.result as Extract<Result360, { ok: true }>;
    const set = getMethodology(campaign.methodologyId)?.methods.survey360?.competencySets.find(
      (s) => s.id === target.competencySetId,
    );
    return {
      targetId: String(target._id),
      year: campaign.year,
      axes: result.perCompetency.map(
        (c) => set?.competencies.find((s) => s.id === c.id)?.title[lang] ?? c.id,
      ),
      others: result.perCompetency.map((c) => c.average),
      self: result.perCompetency.map((c) => c.selfAverage),
      overall: result.overall,
      band: result.band,
    };
  }
  return null;
}

export interface CompetencyNeed {
  title: string;
  average: number;
  /** Evaluatees for whom it is among their lowest competencies. */
  lowestFor: number;
  evaluatees: number;
}

/**
 * The body's training needs from its latest closed 360 campaign: each competency's mean over the
 * results the actor may see, lowest first. Aggregates only; no person in it.
 */
export async function lowestCompetencies(
  models: Models,
  actor: Actor,
  organisationCode: string,
  lang: Language,
  limit = 5,
): Promise<{ campaignId: string; year: number; evaluatees: number; rows: CompetencyNeed[] } | null> {
  const campaign = await models.SurveyCampaign.findOne({ organisationCode, state: 'closed' })
    .sort({ year: -1, _id: -1 })
    .lean();
  if (!campaign) return null;
  const survey = getMethodology(campaign.methodologyId)?.methods.survey360;
  const titleOf = (id: string) =>
    survey?.competencySets.flatMap((s) => s.competencies).find((c) => c.id === id)?.title[lang] ?? id;
  const targets = await models.SurveyTarget.find({ campaignId: campaign._id, 'result.ok': true })
    .sort({ _id: 1 })
    .lean();
  const sums = new Map<string, { total: number; count: number; lowestFor: number }>();
  let evaluatees = 0;
  for (const target of targets) {
    const document = await survey360Document(models, String(target._id));
    if (!document || !mayView(actor, document).allowed) continue;
    evaluatees++;
    const result = target.result as Extract<Result360, { ok: true }>;
    for (const c of result.perCompetency) {
      const entry = sums.get(c.id) ?? { total: 0, count: 0, lowestFor: 0 };
      entry.total += c.average;
      entry.count++;
      if (result.lowest.includes(c.id)) entry.lowestFor++;
      sums.set(c.id, entry);
    }
  }
  const rows = [...sums]
    .map(([id, s]) => ({
      title: titleOf(id),
      average: Math.round((s.total / s.count) * 100) / 100,
      lowestFor: s.lowestFor,
      evaluatees: s.count,
    }))
    .sort((a, b) => a.average - b.average || a.title.localeCompare(b.title))
    .slice(0, limit);
  return { campaignId: String(campaign._id), year: campaign.year, evaluatees, rows };
}
