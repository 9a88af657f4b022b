export { COLUMNS, type ColumnKey, type ColumnSpec, normaliseCategory } from './columns.ts';
export { parseRosterFile, validateSheet } from './parse.ts';
export {
  type CellValue,
  type FileErrorCode,
  MAX_ROSTER_ROWS,
  parseDate,
  type RosterCheckOptions,
  type RosterError,
  type RosterFileError,
  type RosterOrganisation,
  type RosterResult,
  type RosterRow,
  type RosterRowError,
  type RosterScope,
  type RosterUnit,
  type RowErrorCode,
  type SheetRow,
} from './validate.ts';
