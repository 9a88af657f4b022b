// Documents HR files and signs: evaluation sheets, 360 results, protocols and acts as PDFs in Kazakh and
// Russian, and archives of many of them. Pure: plain inputs in, bytes out. See README.md.
export {
  type ArchiveEntry,
  type ArchiveOptions,
  type ArchivePart,
  archiveDocuments,
  DEFAULT_ARCHIVE_MAX_BYTES,
  safeFileName,
} from './archive.ts';
export { documentFileName, type FileNameParts } from './file-names.ts';
export { renderCalibrationProtocol } from './forms/calibration-protocol.ts';
export { renderChapter6Sheet } from './forms/chapter6-sheet.ts';
export { renderCommissionProtocol } from './forms/commission-protocol.ts';
export { surnameAndInitials } from './forms/common.ts';
export { renderKpiSheet } from './forms/kpi-sheet.ts';
export { renderRankingSheet } from './forms/ranking-sheet.ts';
export { renderRefusalAct } from './forms/refusal-act.ts';
export { renderResult360 } from './forms/result360.ts';
export { type DocumentKind, layoutOf } from './layouts.ts';
export * from './types.ts';
