import { bandOf } from './bands.ts';
import {
  divideHalfUp,
  fromHundredths,
  percentTruncated,
  toHundredths,
  truncatedHundredths,
} from './decimal.ts';
import { ALMATY_KPI_TABLE, DEFAULT_BANDS } from './defaults.ts';
import { checkScoreValue } from './score.ts';
import {
  type BandId,
  type BandRule,
  type FulfilledCountRule,
  type KpiRangeRow,
  type ScoreScale,
  ScoringError,
} from './types.ts';

export interface KpiValues {
  planned: number;
  actual: number;
  /** True for indicators where less is better (complaints, overdue documents, days to process). */
  lowerIsBetter: boolean;
}

/** How the percent was obtained: the plain ratio, or one of the zero rules (see README). */
export type KpiPercentBasis = 'ratio' | 'zeroPlan' | 'zeroActual';

export type KpiPercentResult =
  | { ok: true; percent: number; basis: KpiPercentBasis }
  | { ok: false; code: 'notANumber' | 'negativeValue' };

export interface KpiScoreRange {
  minScore: number;
  maxScore: number;
}

export type KpiScoreCheck =
  | { ok: true }
  | { ok: false; code: 'notANumber' | 'tooManyDecimals' }
  | { ok: false; code: 'outsideKpiRange'; minScore: number; maxScore: number };

export type KpiSheetResult =
  | { ok: true; sum: number; average: number; band: BandId }
  | {
      ok: false;
      errors: {
        index: number;
        code: 'notANumber' | 'outOfRange' | 'decimalsNotAllowed' | 'tooManyDecimals';
      }[];
    };

/** KPI scores are 0..5 with up to 2 decimals (Appendix 3 ranges are in hundredths). */
const KPI_SCALE: ScoreScale = { min: 0, max: 5, decimals: true };

/**
 * KPI achievement percent, cut (never rounded) to 2 decimals, computed exactly on the decimal values:
 * 19 999 of 20 000 is 99.995 % → 99.99, which stays in the 95-99.99 row of the table.
 * - higher is better: actual / planned × 100; planned 0 → 100 (a zero target is met by any actual ≥ 0).
 * - lower is better: planned / actual × 100; actual 0 → 100 (nothing could be better than zero);
 *   planned 0 with actual > 0 → 0 (a "zero incidents" target was missed).
 * Negative planned or actual values → 'negativeValue'.
 */
export function kpiPercent({ planned, actual, lowerIsBetter }: KpiValues): KpiPercentResult {
  if (!Number.isFinite(planned) || !Number.isFinite(actual)) return { ok: false, code: 'notANumber' };
  if (planned < 0 || actual < 0) return { ok: false, code: 'negativeValue' };
  if (lowerIsBetter) {
    if (actual === 0) return { ok: true, percent: 100, basis: 'zeroActual' };
    return { ok: true, percent: percentTruncated(planned, actual), basis: 'ratio' };
  }
  if (planned === 0) return { ok: true, percent: 100, basis: 'zeroPlan' };
  return { ok: true, percent: percentTruncated(actual, planned), basis: 'ratio' };
}

/** A KPI counts as fulfilled when it is achieved in full: percent ≥ 100 exactly (99.995 is not). */
export function kpiFulfilled(percent: number): boolean {
  return truncatedHundredths(percent) >= 10_000;
}

/**
 * The allowed score range for a KPI percent (Appendix 3 of the Almaty city methodology by default).
 * The percent is compared exactly: it is cut to the table's hundredths, never rounded up into the next
 * row (99.9955 → 99.99 → 4.75..4.99; only 100 and more → 5..5); edges are inclusive; a percent above every row (e.g. 250 when the top row is 100..null) takes the top row.
 * Throws ScoringError('percentNotCovered') for a negative percent or a gap in the table.
 */
export function kpiAllowedRange(
  percent: number,
  table: readonly KpiRangeRow[] = ALMATY_KPI_TABLE,
): KpiScoreRange {
  if (!(percent >= 0)) throw new ScoringError('percentNotCovered');
  const p = truncatedHundredths(percent);
  let top: KpiRangeRow | undefined;
  let aboveAll = true;
  for (const row of table) {
    const from = toHundredths(row.fromPercent);
    const to = row.toPercent === null ? null : toHundredths(row.toPercent);
    if (from <= p && (to === null || p <= to)) return { minScore: row.minScore, maxScore: row.maxScore };
    if (to === null || p <= to) aboveAll = false;
    if (top === undefined || from > toHundredths(top.fromPercent)) top = row;
  }
  if (aboveAll && top !== undefined && p >= 0) return { minScore: top.minScore, maxScore: top.maxScore };
  throw new ScoringError('percentNotCovered');
}

/** A KPI score must be a 2-decimal number inside the allowed range (both edges inclusive). */
export function checkKpiScore(score: number, range: KpiScoreRange): KpiScoreCheck {
  const check = checkScoreValue(score, {
    min: Number.NEGATIVE_INFINITY,
    max: Number.POSITIVE_INFINITY,
    decimals: true,
  });
  if (!check.ok) return { ok: false, code: check.code === 'notANumber' ? 'notANumber' : 'tooManyDecimals' };
  const s = toHundredths(score);
  if (s < toHundredths(range.minScore) || s > toHundredths(range.maxScore)) {
    return { ok: false, code: 'outsideKpiRange', minScore: range.minScore, maxScore: range.maxScore };
  }
  return { ok: true };
}

/**
 * KPI sheet: average = sum of the KPI scores / number of KPIs, rounded half up to 2 decimals, and its band.
 * Throws ScoringError('noParameters') for an empty sheet.
 */
export function scoreKpiSheet(
  scores: readonly number[],
  bands: readonly BandRule[] = DEFAULT_BANDS,
): KpiSheetResult {
  if (scores.length === 0) throw new ScoringError('noParameters');
  const errors: Extract<KpiSheetResult, { ok: false }>['errors'] = [];
  let sumHundredths = 0;
  scores.forEach((score, index) => {
    const check = checkScoreValue(score, KPI_SCALE);
    if (!check.ok) errors.push({ index, code: check.code });
    else sumHundredths += toHundredths(score);
  });
  if (errors.length > 0) return { ok: false, errors };
  const average = fromHundredths(divideHalfUp(sumHundredths, scores.length));
  return { ok: true, sum: fromHundredths(sumHundredths), average, band: bandOf(average, bands) };
}

/**
 * Band by the number of fulfilled KPIs (regional methodologies: 5 of 5 → effective, 4 → proper,
 * 3 → satisfactory, fewer → unsatisfactory): the band with the greatest minFulfilled <= count.
 * No score is derived: these methodologies define a band only, and inventing a number would not be law.
 * Throws ScoringError('fulfilledCountOutOfRange') unless count is a whole number in 0..rule.total,
 * ScoringError('noBand') if the rule has no band for the count.
 */
export function fulfilledCountBand(fulfilledCount: number, rule: FulfilledCountRule): BandId {
  if (!Number.isInteger(fulfilledCount) || fulfilledCount < 0 || fulfilledCount > rule.total) {
    throw new ScoringError('fulfilledCountOutOfRange');
  }
  let best: FulfilledCountRule['bands'][number] | undefined;
  for (const band of rule.bands) {
    if (
      band.minFulfilled <= fulfilledCount &&
      (best === undefined || band.minFulfilled > best.minFulfilled)
    ) {
      best = band;
    }
  }
  if (best === undefined) throw new ScoringError('noBand');
  return best.band;
}
