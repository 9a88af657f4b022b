import { z } from 'zod';
import type { EmployeeStatus, Language, Role } from '../models.ts';
import { normalisePhone } from '../phone.ts';
import {
  BOOLEAN_WORDS,
  COLUMNS,
  type ColumnKey,
  columnHeader,
  type HeaderLanguage,
  LANGUAGE_WORDS,
  matchHeader,
  normaliseCategory,
  normaliseId,
  ROLE_WORDS,
  STATUS_WORDS,
  wordKey,
} from './columns.ts';

/** A cell as read from xlsx or csv; xlsx date cells arrive as Date (UTC midnight). */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based spreadsheet row number; the header row counts. */
  row: number;
  cells: CellValue[];
}

export interface RosterOrganisation {
  code: string;
  name: string;
  methodologyId: string | null;
}

export interface RosterUnit {
  organisationCode: string;
  code: string;
  name: string;
  parentCode: string | null;
}

/** One employee, with the field names of the Employee model. */
export interface RosterRow {
  /** Spreadsheet row it came from. */
  row: number;
  organisationCode: string;
  personnelNumber: string;
  fullName: string;
  position: string;
  categoryCode: string;
  unitCode: string;
  isHead: boolean;
  supervisorNumber: string | null;
  /** E.164, +7XXXXXXXXXX. */
  phone: string;
  language: Language;
  status: EmployeeStatus;
  /** YYYY-MM-DD. */
  appointedOn: string;
  /** Always includes 'employee'; the file's role column may add 'hr', 'hrHead' or 'authorised'. */
  roles: Role[];
}

export type RowErrorCode =
  | 'required'
  | 'invalidPhone'
  | 'invalidDate'
  /** An appointment after the import day: nobody is in a position they do not hold yet. */
  | 'futureDate'
  | 'invalidCategory'
  | 'invalidBoolean'
  | 'invalidLanguage'
  | 'invalidStatus'
  | 'invalidRole'
  | 'invalidValue'
  | 'duplicateKey'
  | 'duplicatePhone'
  | 'unknownSupervisor'
  | 'supervisorCycle'
  | 'unknownParentUnit'
  | 'unitCycle'
  | 'conflictingUnit'
  | 'conflictingOrganisation'
  /** A row of another body than the importer's: HR imports only their own body's staff. */
  | 'outsideScope';

export type FileErrorCode =
  | 'unreadableFile'
  | 'unsupportedFormat'
  | 'missingColumn'
  | 'duplicateColumn'
  | 'emptyFile'
  | 'tooManyRows';

export interface RosterRowError {
  row: number;
  /** The header as written in the file. */
  column: string;
  code: RowErrorCode;
  /** The cell as written, when there is one. */
  value?: string;
}

export interface RosterFileError {
  code: FileErrorCode;
  /** For missingColumn and duplicateColumn: the header, in the language the file's headers use. */
  column?: string;
  /** Absent, so a RosterError's row and value read the same on both kinds. */
  row?: never;
  value?: never;
}

export type RosterError = RosterRowError | RosterFileError;

export type RosterResult =
  | { ok: true; rows: RosterRow[]; units: RosterUnit[]; organisations: RosterOrganisation[] }
  | { ok: false; errors: RosterError[] };

/** More rows than any state body's corps "B" staff: a bigger file is a wrong file. */
export const MAX_ROSTER_ROWS = 5000;

// ---------------------------------------------------------------- header row

export interface ColumnPlacement {
  /** 0-based index of the cell in each row. */
  index: number;
  /** The header as written. */
  header: string;
}

export type HeaderResult =
  | { ok: true; columns: Partial<Record<ColumnKey, ColumnPlacement>> }
  | { ok: false; errors: RosterFileError[] };

/** Finds our columns in a header row; other columns (HR's notes) are ignored. */
export function readHeader(cells: readonly CellValue[]): HeaderResult {
  const columns: Partial<Record<ColumnKey, ColumnPlacement>> = {};
  const votes: Record<HeaderLanguage, number> = { kk: 0, ru: 0, en: 0 };
  const errors: RosterFileError[] = [];
  cells.forEach((cell, index) => {
    const header = cellText(cell);
    const match = header ? matchHeader(header) : undefined;
    if (!match) return;
    if (columns[match.key]) {
      errors.push({ code: 'duplicateColumn', column: header });
      return;
    }
    columns[match.key] = { index, header };
    votes[match.language] += 1;
  });
  // Missing columns are named in the language most of the file's headers use.
  const language = (Object.keys(votes) as HeaderLanguage[]).reduce(
    (a, b) => (votes[b] > votes[a] ? b : a),
    'kk',
  );
  for (const column of COLUMNS) {
    if (column.required && !columns[column.key]) {
      errors.push({ code: 'missingColumn', column: columnHeader(column.key, language) });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, columns };
}

// ---------------------------------------------------------------- cells

/** Cell → trimmed text with single spaces; numbers as written (xlsx keeps 1024 as a number). */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : isoDate(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell.replace(/[\s\u00a0]+/g, ' ').trim();
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const MIN_YEAR = 1950;
const MAX_YEAR = 2100;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function dateFromParts(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31.02 over into March; a rolled date is a wrong date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return isoDate(date);
}

/** YYYY-MM-DD, DD.MM.YYYY, an xlsx date cell, or an xlsx date serial that lost its format. */
export function parseDate(cell: CellValue): string | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return dateFromParts(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell)) return null;
    const date = new Date(EXCEL_EPOCH + cell * DAY_MS);
    return dateFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  }
  const text = cellText(cell);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return dateFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (dotted) return dateFromParts(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  return null;
}

/**
 * One schema per column: a filled cell either becomes the field's value or fails with the error code
 * as the issue message. Empty cells never reach these schemas (required/default is decided before).
 */
function cellSchema<T>(code: RowErrorCode, parse: (text: string, cell: CellValue) => T | null | undefined) {
  return z.custom<CellValue>().transform((cell, ctx) => {
    const value = parse(cellText(cell), cell);
    if (value === null || value === undefined) {
      ctx.issues.push({ code: 'custom', message: code, input: cell });
      return z.NEVER;
    }
    return value;
  });
}

const text = cellSchema('invalidValue', (value) => value);
const id = cellSchema('invalidValue', (value) => normaliseId(value));

const FIELD_SCHEMAS = {
  organisationCode: id,
  organisationName: text,
  methodologyId: id,
  unitCode: text,
  unitName: text,
  parentUnitCode: text,
  personnelNumber: text,
  fullName: text,
  position: text,
  categoryCode: cellSchema('invalidCategory', (value) => normaliseCategory(value)),
  isHead: cellSchema('invalidBoolean', (value, cell) =>
    typeof cell === 'boolean' ? cell : BOOLEAN_WORDS.get(wordKey(value)),
  ),
  supervisorNumber: text,
  phone: cellSchema('invalidPhone', (_value, cell) =>
    normalisePhone(typeof cell === 'number' || typeof cell === 'string' ? cell : null),
  ),
  language: cellSchema('invalidLanguage', (value) => LANGUAGE_WORDS.get(wordKey(value))),
  status: cellSchema('invalidStatus', (value) => STATUS_WORDS.get(wordKey(value))),
  appointedOn: cellSchema('invalidDate', (_value, cell) => parseDate(cell)),
  role: cellSchema('invalidRole', (value) => ROLE_WORDS.get(wordKey(value))),
} satisfies Record<ColumnKey, z.ZodType>;

type Fields = { [K in ColumnKey]?: z.output<(typeof FIELD_SCHEMAS)[K]> };

// ---------------------------------------------------------------- rows

interface ParsedRow {
  row: number;
  fields: Fields;
  raw: Partial<Record<ColumnKey, string>>;
}

/** What the importer may write: only rows of this body, when given. */
export interface RosterScope {
  organisationCode?: string;
}

export interface RosterCheckOptions extends RosterScope {
  /** The import day (YYYY-MM-DD, Almaty): later appointment dates are refused. */
  today: string;
}

/** Validates every data row and the links between rows; reports every bad cell, never just the first. */
export function validateRoster(
  columns: Partial<Record<ColumnKey, ColumnPlacement>>,
  allRows: readonly SheetRow[],
  options: RosterCheckOptions,
): RosterResult {
  // A row with text only in columns we ignore (HR's notes) is not an employee.
  const placements = Object.values(columns);
  const sheetRows = allRows.filter((r) => placements.some((c) => c && cellText(r.cells[c.index]) !== ''));
  if (sheetRows.length === 0) return { ok: false, errors: [{ code: 'emptyFile' }] };
  if (sheetRows.length > MAX_ROSTER_ROWS) return { ok: false, errors: [{ code: 'tooManyRows' }] };

  const errors: RosterRowError[] = [];
  const report = (row: number, key: ColumnKey, code: RowErrorCode, value?: string) => {
    const error: RosterRowError = { row, column: columns[key]?.header ?? key, code };
    if (value !== undefined && value !== '') error.value = value;
    errors.push(error);
  };

  const parsed: ParsedRow[] = sheetRows.map(({ row, cells }) => {
    const fields: Record<string, unknown> = {};
    const raw: Partial<Record<ColumnKey, string>> = {};
    for (const column of COLUMNS) {
      const placement = columns[column.key];
      const cell = placement ? (cells[placement.index] ?? null) : null;
      const written = cellText(cell);
      raw[column.key] = written;
      if (written === '') {
        if (column.required) {
          report(row, column.key, 'required');
        }
        continue;
      }
      const result = FIELD_SCHEMAS[column.key].safeParse(cell);
      if (result.success && column.key === 'appointedOn' && String(result.data) > options.today) {
        report(row, column.key, 'futureDate', written);
      } else if (result.success) {
        fields[column.key] = result.data;
      } else {
        report(row, column.key, (result.error.issues[0]?.message ?? 'invalidValue') as RowErrorCode, written);
      }
    }
    return { row, fields: fields as Fields, raw };
  });

  if (options.organisationCode) {
    for (const { row, fields, raw } of parsed) {
      if (fields.organisationCode && fields.organisationCode !== options.organisationCode)
        report(row, 'organisationCode', 'outsideScope', raw.organisationCode);
    }
  }
  const organisations = collectOrganisations(parsed, report);
  const units = collectUnits(parsed, report);
  checkUniqueness(parsed, report);
  checkSupervisors(parsed, report);

  if (errors.length) {
    const order = (key: string) => Object.values(columns).find((c) => c?.header === key)?.index ?? -1;
    errors.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
    return { ok: false, errors };
  }
  return {
    ok: true,
    rows: parsed.map(toRosterRow),
    units: [...units.values()],
    organisations: [...organisations.values()],
  };
}

type Report = (row: number, key: ColumnKey, code: RowErrorCode, value?: string) => void;

function toRosterRow({ row, fields }: ParsedRow): RosterRow {
  const role = fields.role ?? 'employee';
  return {
    row,
    organisationCode: fields.organisationCode!,
    personnelNumber: fields.personnelNumber!,
    fullName: fields.fullName!,
    position: fields.position!,
    categoryCode: fields.categoryCode!,
    unitCode: fields.unitCode!,
    isHead: fields.isHead ?? false,
    supervisorNumber: fields.supervisorNumber ?? null,
    phone: fields.phone!,
    language: fields.language ?? 'kk',
    status: fields.status ?? 'active',
    appointedOn: fields.appointedOn!,
    roles: role === 'employee' ? ['employee'] : ['employee', role],
  };
}

/** One organisation per code; rows may leave name and methodology blank but must not contradict. */
function collectOrganisations(parsed: readonly ParsedRow[], report: Report): Map<string, RosterOrganisation> {
  const organisations = new Map<string, RosterOrganisation>();
  for (const { row, fields, raw } of parsed) {
    const code = fields.organisationCode;
    if (!code) continue;
    let organisation = organisations.get(code);
    if (!organisation) {
      organisation = { code, name: '', methodologyId: null };
      organisations.set(code, organisation);
    }
    if (fields.organisationName) {
      if (!organisation.name) organisation.name = fields.organisationName;
      else if (wordKey(organisation.name) !== wordKey(fields.organisationName)) {
        report(row, 'organisationName', 'conflictingOrganisation', raw.organisationName);
      }
    }
    if (fields.methodologyId) {
      if (!organisation.methodologyId) organisation.methodologyId = fields.methodologyId;
      else if (organisation.methodologyId !== fields.methodologyId) {
        report(row, 'methodologyId', 'conflictingOrganisation', raw.methodologyId);
      }
    }
  }
  return organisations;
}

const unitKey = (organisationCode: string, code: string) => `${organisationCode}\u0000${code}`;

/** Units come from the employees' rows; a parent unit must be some employee's unit in the same organisation. */
function collectUnits(parsed: readonly ParsedRow[], report: Report): Map<string, RosterUnit> {
  const units = new Map<string, RosterUnit>();
  for (const { row, fields, raw } of parsed) {
    const { organisationCode, unitCode } = fields;
    if (!organisationCode || !unitCode) continue;
    const key = unitKey(organisationCode, unitCode);
    let unit = units.get(key);
    if (!unit) {
      unit = { organisationCode, code: unitCode, name: fields.unitName ?? '', parentCode: null };
      units.set(key, unit);
    }
    if (fields.unitName) {
      if (!unit.name) unit.name = fields.unitName;
      else if (wordKey(unit.name) !== wordKey(fields.unitName)) {
        report(row, 'unitName', 'conflictingUnit', raw.unitName);
      }
    }
    if (fields.parentUnitCode) {
      if (!unit.parentCode) unit.parentCode = fields.parentUnitCode;
      else if (unit.parentCode !== fields.parentUnitCode) {
        report(row, 'parentUnitCode', 'conflictingUnit', raw.parentUnitCode);
      }
    }
  }
  const cyclic = unitsInCycles(units);
  for (const { row, fields, raw } of parsed) {
    const { organisationCode, unitCode, parentUnitCode } = fields;
    if (!organisationCode || !unitCode || !parentUnitCode) continue;
    if (!units.has(unitKey(organisationCode, parentUnitCode))) {
      report(row, 'parentUnitCode', 'unknownParentUnit', raw.parentUnitCode);
    } else if (cyclic.has(unitKey(organisationCode, unitCode))) {
      report(row, 'parentUnitCode', 'unitCycle', raw.parentUnitCode);
    }
  }
  return units;
}

function unitsInCycles(units: ReadonlyMap<string, RosterUnit>): Set<string> {
  const parentOf = new Map<string, string>();
  for (const [key, unit] of units) {
    if (unit.parentCode) parentOf.set(key, unitKey(unit.organisationCode, unit.parentCode));
  }
  return nodesInCycles(parentOf);
}

/** Nodes of a "points to one other node" graph that lie on a cycle (a self-loop counts). */
function nodesInCycles(next: ReadonlyMap<string, string>): Set<string> {
  const onCycle = new Set<string>();
  const done = new Set<string>();
  for (const start of next.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let node: string | undefined = start;
    while (node !== undefined && !done.has(node) && !onPath.has(node)) {
      onPath.set(node, path.length);
      path.push(node);
      node = next.get(node);
    }
    if (node !== undefined && onPath.has(node)) {
      for (const member of path.slice(onPath.get(node))) onCycle.add(member);
    }
    for (const member of path) done.add(member);
  }
  return onCycle;
}

/** Personnel numbers and phones are each one employee's: the later duplicates are reported. */
function checkUniqueness(parsed: readonly ParsedRow[], report: Report): void {
  const numbers = new Set<string>();
  const phones = new Set<string>();
  for (const { row, fields, raw } of parsed) {
    if (fields.personnelNumber) {
      if (numbers.has(fields.personnelNumber))
        report(row, 'personnelNumber', 'duplicateKey', raw.personnelNumber);
      numbers.add(fields.personnelNumber);
    }
    // The phone links a Telegram account to exactly one employee.
    if (fields.phone) {
      if (phones.has(fields.phone)) report(row, 'phone', 'duplicatePhone', raw.phone);
      phones.add(fields.phone);
    }
  }
}

/** A supervisor is another employee of the same organisation in this file, and chains never loop. */
function checkSupervisors(parsed: readonly ParsedRow[], report: Report): void {
  const organisationOf = new Map<string, string | undefined>();
  for (const { fields } of parsed) {
    if (fields.personnelNumber && !organisationOf.has(fields.personnelNumber)) {
      organisationOf.set(fields.personnelNumber, fields.organisationCode);
    }
  }
  const supervisorOf = new Map<string, string>();
  for (const { fields } of parsed) {
    const { personnelNumber, supervisorNumber } = fields;
    if (personnelNumber && supervisorNumber && organisationOf.has(supervisorNumber)) {
      if (!supervisorOf.has(personnelNumber)) supervisorOf.set(personnelNumber, supervisorNumber);
    }
  }
  const cyclic = nodesInCycles(supervisorOf);
  for (const { row, fields, raw } of parsed) {
    const { personnelNumber, supervisorNumber, organisationCode } = fields;
    if (!supervisorNumber) continue;
    const supervisorOrganisation = organisationOf.get(supervisorNumber);
    const known = organisationOf.has(supervisorNumber);
    if (
      !known ||
      (organisationCode && supervisorOrganisation && supervisorOrganisation !== organisationCode)
    ) {
      report(row, 'supervisorNumber', 'unknownSupervisor', raw.supervisorNumber);
    } else if (personnelNumber && cyclic.has(personnelNumber)) {
      report(row, 'supervisorNumber', 'supervisorCycle', raw.supervisorNumber);
    }
  }
}
