import ExcelJS from 'exceljs';
import type { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { getMethodology, type Methodology } from '../../methodology/index.ts';
import type { Language } from '../../people/models.ts';
import { annualFinal, type BandId } from '../scoring/index.ts';
import { FINAL_STATUSES, type KpiItem, type RankingSheetDoc } from './models.ts';

/** A sheet as read from MongoDB (lean). */
export type RankingSheetRecord = RankingSheetDoc & { _id: Types.ObjectId };

export interface QuarterResult {
  sheetId: string;
  period: string;
  kind: 'ranking' | 'kpi';
  /** null: not evaluated that quarter (reason), or a band-only result (Chapter 6). */
  score: number | null;
  band: BandId | null;
  reason: string | null;
  evaluatorId: string | null;
}

export interface YearResults {
  year: number;
  quarters: QuarterResult[];
  /** Mean of the evaluated quarters (Chapter 6: the yearly KPI band), null when none. */
  annual: { score: number | null; band: BandId; quartersEvaluated: number } | null;
}

/**
 * The employee's quarterly results of a year and the annual final (mean of the evaluated quarters).
 * `visible` says which sheets the viewer may see (mayView); the annual final, which sums up every
 * sheet, is given only to a viewer who may see them all.
 */
export async function yearResults(
  models: Models,
  employeeId: Types.ObjectId,
  year: number,
  visible: (sheet: RankingSheetRecord) => boolean | Promise<boolean>,
): Promise<YearResults & { shown: string[] }> {
  const all = await models.RankingSheet.find({ employeeId, year }).sort({ period: 1, _id: 1 }).lean();
  const sheets: RankingSheetRecord[] = [];
  for (const sheet of all) if (await visible(sheet)) sheets.push(sheet);
  const complete = sheets.length === all.length;
  const quarters: QuarterResult[] = [];
  let yearlyKpi: QuarterResult | null = null;
  let methodology: Methodology | undefined;
  for (const sheet of sheets) {
    const final = FINAL_STATUSES.includes(sheet.status as never) ? sheet.result : null;
    const entry: QuarterResult = {
      sheetId: String(sheet._id),
      period: sheet.period,
      kind: sheet.kind as 'ranking' | 'kpi',
      score: final?.average ?? null,
      band: (final?.band as BandId | undefined) ?? null,
      reason: sheet.status === 'notEvaluated' ? (sheet.reason ?? null) : final ? null : 'pending',
      evaluatorId: sheet.evaluatorId ? String(sheet.evaluatorId) : null,
    };
    if (!sheet.period.includes('Q')) yearlyKpi = entry;
    else quarters.push(entry);
    methodology ??= await methodologyOfCampaign(models, sheet.campaignId);
  }
  const scores = quarters.map((q) => q.score).filter((s): s is number => s !== null);
  let annual: YearResults['annual'] = null;
  const shown = sheets.map((s) => String(s._id));
  if (!complete) return { year, quarters, annual, shown };
  if (scores.length > 0) {
    const final = annualFinal(scores.slice(0, 4), methodology?.bands);
    if (final) annual = { score: final.score, band: final.band, quartersEvaluated: final.quartersEvaluated };
  } else if (yearlyKpi?.band) {
    annual = { score: null, band: yearlyKpi.band, quartersEvaluated: 0 };
  }
  return { year, quarters, annual, shown };
}

async function methodologyOfCampaign(models: Models, campaignId: Types.ObjectId) {
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  return campaign ? getMethodology(campaign.methodologyId) : undefined;
}

/** Column headers and fixed texts of the export, already translated by the caller. */
export interface ExportLabels {
  employee: string;
  personnelNumber: string;
  position: string;
  sheet: string;
  average: string;
  band: string;
  evaluator: string;
  status: string;
  kindLabel: (kind: string) => string;
  statusLabel: (sheet: Pick<RankingSheetDoc, 'status' | 'reason' | 'participation'>) => string;
}

/**
 * The quarter's results as .xlsx: one worksheet per unit; a row per sheet the viewer may see (`visible`)
 * with the score of every parameter (KPI sheets: every KPI), the average, the band, the evaluator and
 * the status. Null when there is nothing the viewer may see.
 */
export async function exportCampaign(
  models: Models,
  campaignId: Types.ObjectId,
  lang: Language,
  labels: ExportLabels,
  visible: (sheet: RankingSheetRecord) => boolean | Promise<boolean>,
): Promise<{ bytes: Buffer; sheetIds: string[] } | null> {
  const campaign = await models.RankingCampaign.findById(campaignId).lean();
  const methodology = campaign && getMethodology(campaign.methodologyId);
  if (!campaign || !methodology) return null;
  const sheets: RankingSheetRecord[] = [];
  for (const sheet of await models.RankingSheet.find({ campaignId }).sort({ _id: 1 }).lean())
    if (await visible(sheet)) sheets.push(sheet);
  if (sheets.length === 0) return null;
  const people = await models.Employee.find({
    _id: { $in: [...sheets.map((s) => s.employeeId), ...sheets.flatMap((s) => s.evaluatorId ?? [])] },
  }).lean();
  const person = new Map(people.map((p) => [String(p._id), p]));
  const units = await models.Unit.find({ organisationCode: campaign.organisationCode })
    .sort({ code: 1 })
    .lean();
  const workbook = new ExcelJS.Workbook();
  const bandLabel = (band: string | null | undefined) =>
    methodology.bands.find((b) => b.id === band)?.label[lang] ?? '';
  for (const unit of units) {
    const inUnit = sheets
      .filter((s) => s.unitCode === unit.code)
      .sort((a, b) =>
        (person.get(String(a.employeeId))?.fullName ?? '').localeCompare(
          person.get(String(b.employeeId))?.fullName ?? '',
        ),
      );
    if (inUnit.length === 0) continue;
    // Columns for the union of the parameters of the forms used in the unit, in form order.
    const columns: { id: string; title: string }[] = [];
    for (const sheet of inUnit) {
      if (sheet.kind === 'ranking') {
        const form = methodology.methods.ranking?.forms.find((f) => f.id === sheet.formId);
        for (const p of form?.parameters ?? [])
          if (!columns.some((c) => c.id === p.id)) columns.push({ id: p.id, title: p.title[lang] });
      } else {
        (sheet.kpis as KpiItem[]).forEach((_kpi, i) => {
          const id = `kpi-${i + 1}`;
          if (!columns.some((c) => c.id === id))
            columns.push({ id, title: `${labels.kindLabel('kpi')} ${i + 1}` });
        });
      }
    }
    const ws = workbook.addWorksheet(safeSheetName(`${unit.code} ${unit.name}`));
    ws.addRow([
      labels.employee,
      labels.personnelNumber,
      labels.position,
      labels.sheet,
      ...columns.map((c) => c.title),
      labels.average,
      labels.band,
      labels.evaluator,
      labels.status,
    ]);
    ws.getRow(1).font = { bold: true };
    for (const sheet of inUnit) {
      const employee = person.get(String(sheet.employeeId));
      const final = FINAL_STATUSES.includes(sheet.status as never) ? sheet.result : null;
      const scores = (sheet.scores ?? {}) as Record<string, number>;
      const kpis = sheet.kpis as KpiItem[];
      const cells = columns.map((c) => {
        if (!final) return null;
        if (sheet.kind === 'ranking') return scores[c.id] ?? null;
        const kpi = kpis[Number(c.id.slice(4)) - 1];
        return kpi ? (kpi.score ?? (kpi.fulfilled === null ? null : Number(kpi.fulfilled))) : null;
      });
      ws.addRow([
        employee?.fullName ?? '',
        employee?.personnelNumber ?? '',
        employee?.position ?? '',
        labels.kindLabel(sheet.kind),
        ...cells,
        final?.average ?? null,
        final ? bandLabel(final.band) : '',
        sheet.evaluatorId ? (person.get(String(sheet.evaluatorId))?.fullName ?? '') : '',
        labels.statusLabel(sheet),
      ]);
    }
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.columns.forEach((column) => {
      column.width = 18;
    });
  }
  return {
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
    sheetIds: sheets.map((s) => String(s._id)),
  };
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
}
