import defaultBands from './data/default-bands.json' with { type: 'json' };
import type { BandRule, FulfilledCountRule, KpiRangeRow } from './types.ts';

/** Final-score bands common to the corps "B" methodologies (4-5, 3-3.99, 2-2.99, 0-1.99). */
export const DEFAULT_BANDS: BandRule[] = defaultBands as BandRule[];

/**
 * Almaty city methodology, Appendix 3: allowed score range by KPI achievement percent.
 * 100%+ → 5; then each 5% band is 0.25 lower: 95-99.99 → 4.75-4.99 … 0-4.99 → 0-0.24.
 * The published text prints the 40% row as "40-44,49"; that leaves 44.5-44.99 uncovered and breaks the
 * pattern of every other row, so it is read as 40-44.99.
 */
export const ALMATY_KPI_TABLE: KpiRangeRow[] = [
  { fromPercent: 100, toPercent: null, minScore: 5, maxScore: 5 },
  ...Array.from({ length: 20 }, (_, i): KpiRangeRow => {
    const step = 19 - i; // 19 → the 95% row, 0 → the 0% row
    return {
      fromPercent: step * 5,
      toPercent: (step * 500 + 499) / 100,
      minScore: (step * 25) / 100,
      maxScore: (step * 25 + 24) / 100,
    };
  }),
];

/** Regional maslikhat methodologies: 5 of 5 KPIs fulfilled → effective, 4 → proper, 3 → satisfactory. */
export const FIVE_KPI_FULFILLED_RULE: FulfilledCountRule = {
  total: 5,
  bands: [
    { minFulfilled: 5, band: 'effective' },
    { minFulfilled: 4, band: 'proper' },
    { minFulfilled: 3, band: 'satisfactory' },
    { minFulfilled: 0, band: 'unsatisfactory' },
  ],
};
