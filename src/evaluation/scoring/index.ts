// Scoring engine of the corps "B" evaluation: pure functions, no I/O. See README.md for the rules.
export { bandOf } from './bands.ts';
export { decimalPlaces, roundHalfUp } from './decimal.ts';
export { ALMATY_KPI_TABLE, DEFAULT_BANDS, FIVE_KPI_FULFILLED_RULE } from './defaults.ts';
export * from './kpi.ts';
export * from './periods.ts';
export * from './ranking.ts';
export * from './score.ts';
export * from './survey360.ts';
export * from './types.ts';
