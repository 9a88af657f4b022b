import ExcelJS from 'exceljs';
import type { Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { actualsTarget, parseActualValue, recordActuals } from './actuals.ts';

/**
 * The actual-values file: the first worksheet with anything in it; row 1 is the header; from row 2 one
 * KPI per row: A personnel number, B the KPI's number in the plan (1..5), C the actual value. Further
 * columns (the template's name, title and planned value) are for reading only. A row without a value in
 * C is skipped (the KPI is not measured yet).
 */
export const ACTUALS_COLUMNS = { personnelNumber: 1, kpiNumber: 2, actual: 3 } as const;

/** More rows than a body of 1,500 heads with 5 KPIs each could need. */
const MAX_ROWS = 10_000;

export type ActualsRowCode =
  | 'noPersonnelNumber'
  | 'unknownEmployee'
  | 'noApprovedPlan'
  | 'badKpiNumber'
  | 'badValue'
  | 'duplicate';

export interface ActualsRowError {
  row: number;
  code: ActualsRowCode;
}

export type ActualsImportOutcome =
  | { ok: true; plans: number; values: number }
  | { ok: false; fileError: 'unreadableFile' | 'emptyFile' | 'tooManyRows' }
  | { ok: false; rowErrors: ActualsRowError[] };

type Cell = string | number | null;

interface FileRow {
  row: number;
  cells: Cell[];
}

async function readRows(bytes: Uint8Array): Promise<FileRow[] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types predate Buffer's generic parameter.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return null;
  }
  const worksheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!worksheet) return [];
  const rows: FileRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Cell[] = [];
    for (const column of Object.values(ACTUALS_COLUMNS))
      cells[column - 1] = cellValue(row.getCell(column).value);
    if (cells.every((c) => c === null || c === '')) return;
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

function cellValue(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object' && 'result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  return String(value);
}

const text = (cell: Cell) => (cell === null ? '' : String(cell).trim());

/**
 * Imports HR's actual values for a period from an .xlsx file, all or nothing: every row is checked
 * (the employee of this body, an approved plan of the period, the KPI's number, a non-negative value)
 * and only a file without errors is written. Never throws for a bad file.
 */
export async function importActualsFile(
  models: Models,
  bytes: Uint8Array,
  input: { organisationCode: string; period: string; recordedBy: number; now: Date },
): Promise<ActualsImportOutcome> {
  if (bytes.length === 0) return { ok: false, fileError: 'emptyFile' };
  const rows = await readRows(bytes);
  if (rows === null) return { ok: false, fileError: 'unreadableFile' };
  const measured = rows.filter((r) => text(r.cells[ACTUALS_COLUMNS.actual - 1] ?? null) !== '');
  if (measured.length === 0) return { ok: false, fileError: 'emptyFile' };
  if (measured.length > MAX_ROWS) return { ok: false, fileError: 'tooManyRows' };
  const errors: ActualsRowError[] = [];
  const plans = new Map<
    string,
    { employeeId: Types.ObjectId; version: number; kpiCount: number; values: Map<number, number> } | null
  >();
  for (const { row, cells } of measured) {
    const number = text(cells[ACTUALS_COLUMNS.personnelNumber - 1] ?? null);
    if (!number) {
      errors.push({ row, code: 'noPersonnelNumber' });
      continue;
    }
    if (!plans.has(number)) plans.set(number, await planOf(models, input, number));
    const plan = plans.get(number);
    if (plan === undefined || plan === null) {
      const employee = await models.Employee.exists({
        organisationCode: input.organisationCode,
        personnelNumber: number,
      });
      errors.push({ row, code: employee ? 'noApprovedPlan' : 'unknownEmployee' });
      continue;
    }
    const kpiText = text(cells[ACTUALS_COLUMNS.kpiNumber - 1] ?? null);
    const kpiNumber = /^\d{1,2}$/.test(kpiText) ? Number(kpiText) : 0;
    if (kpiNumber < 1 || kpiNumber > plan.kpiCount) {
      errors.push({ row, code: 'badKpiNumber' });
      continue;
    }
    const raw = cells[ACTUALS_COLUMNS.actual - 1] ?? null;
    const value =
      typeof raw === 'number' ? (raw >= 0 && Number.isFinite(raw) ? raw : null) : parseActualValue(text(raw));
    if (value === null) {
      errors.push({ row, code: 'badValue' });
      continue;
    }
    if (plan.values.has(kpiNumber - 1)) {
      errors.push({ row, code: 'duplicate' });
      continue;
    }
    plan.values.set(kpiNumber - 1, value);
  }
  if (errors.length > 0) return { ok: false, rowErrors: errors };
  let written = 0;
  let values = 0;
  for (const plan of plans.values()) {
    if (!plan || plan.values.size === 0) continue;
    const recorded = await recordActuals(models, {
      employeeId: plan.employeeId,
      period: input.period,
      version: plan.version,
      values: plan.values,
      recordedBy: input.recordedBy,
      now: input.now,
    });
    if (recorded) {
      written++;
      values += plan.values.size;
    }
  }
  return { ok: true, plans: written, values };
}

async function planOf(models: Models, input: { organisationCode: string; period: string }, number: string) {
  const employee = await models.Employee.findOne(
    { organisationCode: input.organisationCode, personnelNumber: number },
    { _id: 1 },
  ).lean();
  if (!employee) return null;
  const target = await actualsTarget(models, input.organisationCode, employee._id, input.period);
  if (!target.ok) return null;
  return {
    employeeId: employee._id,
    version: target.plan.version ?? 1,
    kpiCount: target.plan.kpis.length,
    values: new Map<number, number>(),
  };
}

export interface TemplateLabels {
  personnelNumber: string;
  kpiNumber: string;
  actual: string;
  name: string;
  title: string;
  planned: string;
}

/**
 * The file HR fills: every KPI of the period's approved plans, one row each, the value column empty or
 * HR's; with the number of KPI rows.
 */
export async function actualsTemplate(
  models: Models,
  input: { organisationCode: string; period: string; sheetName: string; labels: TemplateLabels },
): Promise<{ bytes: Buffer; rows: number }> {
  const plans = await models.KpiPlan.find({ organisationCode: input.organisationCode, period: input.period })
    .sort({ _id: 1 })
    .lean();
  const people = await models.Employee.find(
    { _id: { $in: plans.map((p) => p.employeeId) } },
    { personnelNumber: 1, fullName: 1 },
  ).lean();
  const byId = new Map(people.map((p) => [String(p._id), p]));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(input.sheetName.slice(0, 31));
  const { labels } = input;
  sheet.addRow([
    labels.personnelNumber,
    labels.kpiNumber,
    labels.actual,
    labels.name,
    labels.title,
    labels.planned,
  ]);
  sheet.getRow(1).font = { bold: true };
  const rows = plans
    .map((plan) => ({ plan, person: byId.get(String(plan.employeeId)) }))
    .filter((r) => r.person)
    .sort((a, b) => a.person!.personnelNumber.localeCompare(b.person!.personnelNumber));
  for (const { plan, person } of rows)
    plan.kpis.forEach((kpi, index) => {
      sheet.addRow([
        person!.personnelNumber,
        index + 1,
        kpi.actual ?? null,
        person!.fullName,
        kpi.title,
        kpi.planned ?? null,
      ]);
    });
  // Personnel numbers stay text ("0042" must not become 42).
  sheet.getColumn(1).numFmt = '@';
  sheet.columns.forEach((column, i) => {
    column.width = [14, 8, 12, 32, 48, 12][i] ?? 12;
  });
  return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), rows: sheet.rowCount - 1 };
}
