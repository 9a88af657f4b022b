// Shared shapes of the scoring engine. src/methodology/schema.ts (zod) produces the same shapes from the
// methodology data files: change them only together.

export type Lang = 'kk' | 'ru';
export type Localized = { kk: string; ru: string };
export type BandId = 'effective' | 'proper' | 'satisfactory' | 'unsatisfactory';
/** A rounded score s belongs to the band with the greatest min <= s. */
export interface BandRule {
  id: BandId;
  min: number;
  label: Localized;
}
/** min 0 or 1, max 5; decimals = up to 2 decimals allowed. */
export interface ScoreScale {
  min: number;
  max: number;
  decimals: boolean;
}
export type Sanction = 'warning' | 'reprimand' | 'severeReprimand' | 'other';
export interface SanctionCap {
  sanction: Sanction;
  maxScore: number;
  label: Localized;
}
/** Both edges inclusive (95..99.99 → 4.75..4.99); toPercent null = no upper bound (100%+ → 5..5). */
export interface KpiRangeRow {
  fromPercent: number;
  toPercent: number | null;
  minScore: number;
  maxScore: number;
}
export interface FulfilledCountRule {
  total: number;
  bands: { minFulfilled: number; band: BandId }[];
}

/** Codes of ScoringError: programming or methodology-data errors, not user input (those are result codes). */
export type ScoringErrorCode =
  | 'notFinite'
  | 'invalidDecimals'
  | 'noBand'
  | 'noParameters'
  | 'duplicateParameter'
  | 'percentNotCovered'
  | 'fulfilledCountOutOfRange'
  | 'invalidScore'
  | 'tooManyQuarters'
  | 'noCompetencies';

/** Thrown for misuse or broken methodology data; `message` is the code, never a sentence. */
export class ScoringError extends Error {
  readonly code: ScoringErrorCode;
  constructor(code: ScoringErrorCode) {
    super(code);
    this.name = 'ScoringError';
    this.code = code;
  }
}
