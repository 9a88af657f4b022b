import { describe, expect, it } from 'vitest';
import {
  ALMATY_KPI_TABLE,
  checkKpiScore,
  FIVE_KPI_FULFILLED_RULE,
  fulfilledCountBand,
  type KpiRangeRow,
  kpiAllowedRange,
  kpiFulfilled,
  kpiPercent,
  scoreKpiSheet,
} from '../../../src/evaluation/scoring/index.ts';

describe('ALMATY_KPI_TABLE (Almaty city methodology, Appendix 3)', () => {
  it('has 21 rows, 100+ then twenty 5% rows each 0.25 lower', () => {
    expect(ALMATY_KPI_TABLE).toHaveLength(21);
    expect(ALMATY_KPI_TABLE[0]).toEqual({ fromPercent: 100, toPercent: null, minScore: 5, maxScore: 5 });
    expect(ALMATY_KPI_TABLE[1]).toEqual({
      fromPercent: 95,
      toPercent: 99.99,
      minScore: 4.75,
      maxScore: 4.99,
    });
    expect(ALMATY_KPI_TABLE[12]).toEqual({ fromPercent: 40, toPercent: 44.99, minScore: 2, maxScore: 2.24 });
    expect(ALMATY_KPI_TABLE[20]).toEqual({ fromPercent: 0, toPercent: 4.99, minScore: 0, maxScore: 0.24 });
  });
});

describe('kpiAllowedRange', () => {
  it.each<[number, number, number]>([
    [100, 5, 5],
    [250, 5, 5],
    [99.99, 4.75, 4.99],
    [95, 4.75, 4.99],
    [94.99, 4.5, 4.74],
    [80, 4, 4.24],
    [45, 2.25, 2.49],
    [44.99, 2, 2.24],
    [44.5, 2, 2.24], // the published "40-44,49" is read as 40-44.99
    [42, 2, 2.24],
    [40, 2, 2.24],
    [39.99, 1.75, 1.99],
    [5, 0.25, 0.49],
    [4.99, 0, 0.24],
    [0, 0, 0.24],
  ])('%d%% → %d..%d', (percent, minScore, maxScore) => {
    expect(kpiAllowedRange(percent)).toEqual({ minScore, maxScore });
  });

  it('compares the percent exactly: a percent short of a row edge is never rounded up into that row', () => {
    expect(kpiAllowedRange(99.9955)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    expect(kpiAllowedRange(99.999999)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    expect(kpiAllowedRange(99.995)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    expect(kpiAllowedRange(99.994)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    expect(kpiAllowedRange(100)).toEqual({ minScore: 5, maxScore: 5 });
    expect(kpiAllowedRange(100.001)).toEqual({ minScore: 5, maxScore: 5 });
    expect(kpiAllowedRange(94.9999)).toEqual({ minScore: 4.5, maxScore: 4.74 });
    expect(kpiAllowedRange(95)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    expect(kpiAllowedRange(4.995)).toEqual({ minScore: 0, maxScore: 0.24 });
    expect(kpiAllowedRange(5)).toEqual({ minScore: 0.25, maxScore: 0.49 });
    expect(kpiAllowedRange(44.999)).toEqual({ minScore: 2, maxScore: 2.24 });
    expect(kpiAllowedRange(45)).toEqual({ minScore: 2.25, maxScore: 2.49 });
    expect(() => kpiAllowedRange(-0.001)).toThrowError('percentNotCovered');
  });

  it('finds exactly one row for every hundredth of a percent from 0 to 100', () => {
    for (let h = 0; h <= 10_000; h++) {
      const percent = h / 100;
      const matches = ALMATY_KPI_TABLE.filter(
        (r) => r.fromPercent <= percent && (r.toPercent === null || percent <= r.toPercent),
      );
      expect(matches, String(percent)).toHaveLength(1);
      expect(kpiAllowedRange(percent)).toEqual({
        minScore: matches[0]?.minScore,
        maxScore: matches[0]?.maxScore,
      });
    }
  });

  it('takes the top row above a table without an open row, and throws in a gap or below 0', () => {
    const table: KpiRangeRow[] = [
      { fromPercent: 50, toPercent: 100, minScore: 3, maxScore: 5 },
      { fromPercent: 0, toPercent: 40, minScore: 0, maxScore: 2 },
    ];
    expect(kpiAllowedRange(130, table)).toEqual({ minScore: 3, maxScore: 5 });
    expect(() => kpiAllowedRange(45, table)).toThrowError('percentNotCovered');
    expect(() => kpiAllowedRange(-1)).toThrowError('percentNotCovered');
  });
});

describe('checkKpiScore', () => {
  const range = kpiAllowedRange(99.99);
  it('accepts both inclusive edges and refuses outside them', () => {
    expect(checkKpiScore(4.75, range)).toEqual({ ok: true });
    expect(checkKpiScore(4.99, range)).toEqual({ ok: true });
    expect(checkKpiScore(5, range)).toEqual({
      ok: false,
      code: 'outsideKpiRange',
      minScore: 4.75,
      maxScore: 4.99,
    });
    expect(checkKpiScore(4.74, range)).toMatchObject({ code: 'outsideKpiRange' });
    expect(checkKpiScore(4.755, range)).toEqual({ ok: false, code: 'tooManyDecimals' });
    expect(checkKpiScore(Number.NaN, range)).toEqual({ ok: false, code: 'notANumber' });
  });

  it('allows only 5 at 100% and 0..0.24 under 5%', () => {
    expect(checkKpiScore(5, kpiAllowedRange(100))).toEqual({ ok: true });
    expect(checkKpiScore(4.99, kpiAllowedRange(100))).toMatchObject({ code: 'outsideKpiRange' });
    expect(checkKpiScore(0.24, kpiAllowedRange(4.99))).toEqual({ ok: true });
    expect(checkKpiScore(0.25, kpiAllowedRange(4.99))).toMatchObject({ code: 'outsideKpiRange' });
  });
});

describe('kpiPercent', () => {
  it('higher is better: actual / planned × 100, cut to 2 decimals', () => {
    expect(kpiPercent({ planned: 100, actual: 95, lowerIsBetter: false })).toEqual({
      ok: true,
      percent: 95,
      basis: 'ratio',
    });
    // 66.666… is cut, not rounded
    expect(kpiPercent({ planned: 3, actual: 2, lowerIsBetter: false })).toMatchObject({ percent: 66.66 });
    expect(kpiPercent({ planned: 0.3, actual: 0.1, lowerIsBetter: false })).toMatchObject({ percent: 33.33 });
    expect(kpiPercent({ planned: 40, actual: 50, lowerIsBetter: false })).toMatchObject({ percent: 125 });
    // 19999 / 20000 = 99.995% exactly → 99.99: not 100, not fulfilled, 4.75..4.99
    const short = kpiPercent({ planned: 20_000, actual: 19_999, lowerIsBetter: false });
    expect(short).toMatchObject({ percent: 99.99 });
    if (short.ok) {
      expect(kpiFulfilled(short.percent)).toBe(false);
      expect(kpiAllowedRange(short.percent)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    }
    // 199 991 / 200 000 = 99.9955%
    const almost = kpiPercent({ planned: 200_000, actual: 199_991, lowerIsBetter: false });
    expect(almost).toMatchObject({ percent: 99.99 });
    if (almost.ok) expect(kpiAllowedRange(almost.percent)).toEqual({ minScore: 4.75, maxScore: 4.99 });
    expect(kpiPercent({ planned: 20_000, actual: 20_000, lowerIsBetter: false })).toMatchObject({
      percent: 100,
    });
    expect(kpiPercent({ planned: 1.15, actual: 1.15, lowerIsBetter: false })).toMatchObject({ percent: 100 });
  });

  it('lower is better: planned / actual × 100', () => {
    // plan: at most 10 overdue documents; 8 overdue → 125% → 5 points; 12 overdue → 83.33% → 4..4.24
    expect(kpiPercent({ planned: 10, actual: 8, lowerIsBetter: true })).toEqual({
      ok: true,
      percent: 125,
      basis: 'ratio',
    });
    const missed = kpiPercent({ planned: 10, actual: 12, lowerIsBetter: true });
    expect(missed).toMatchObject({ ok: true, percent: 83.33 });
    if (missed.ok) expect(kpiAllowedRange(missed.percent)).toEqual({ minScore: 4, maxScore: 4.24 });
  });

  it('lower is better with actual 0 is fully achieved', () => {
    expect(kpiPercent({ planned: 5, actual: 0, lowerIsBetter: true })).toEqual({
      ok: true,
      percent: 100,
      basis: 'zeroActual',
    });
    expect(kpiPercent({ planned: 0, actual: 0, lowerIsBetter: true })).toMatchObject({ percent: 100 });
  });

  it('lower is better with a zero plan that was missed is 0%', () => {
    expect(kpiPercent({ planned: 0, actual: 2, lowerIsBetter: true })).toEqual({
      ok: true,
      percent: 0,
      basis: 'ratio',
    });
  });

  it('higher is better with a zero plan is met by any actual ≥ 0', () => {
    expect(kpiPercent({ planned: 0, actual: 0, lowerIsBetter: false })).toEqual({
      ok: true,
      percent: 100,
      basis: 'zeroPlan',
    });
    expect(kpiPercent({ planned: 0, actual: 7, lowerIsBetter: false })).toMatchObject({ percent: 100 });
  });

  it('refuses negative and non-numeric values', () => {
    expect(kpiPercent({ planned: -1, actual: 5, lowerIsBetter: false })).toEqual({
      ok: false,
      code: 'negativeValue',
    });
    expect(kpiPercent({ planned: 5, actual: -0.5, lowerIsBetter: true })).toEqual({
      ok: false,
      code: 'negativeValue',
    });
    expect(kpiPercent({ planned: Number.NaN, actual: 5, lowerIsBetter: false })).toEqual({
      ok: false,
      code: 'notANumber',
    });
  });

  it('kpiFulfilled means 100% or more, exactly', () => {
    expect(kpiFulfilled(100)).toBe(true);
    expect(kpiFulfilled(99.995)).toBe(false);
    expect(kpiFulfilled(99.9955)).toBe(false);
    expect(kpiFulfilled(99.99)).toBe(false);
    expect(kpiFulfilled(140)).toBe(true);
  });
});

describe('scoreKpiSheet', () => {
  it('averages the KPI scores and rounds half up', () => {
    expect(scoreKpiSheet([5, 4.75, 4.5])).toEqual({ ok: true, sum: 14.25, average: 4.75, band: 'effective' });
    // 4 + 3.99 = 7.99 / 2 = 3.995 → 4.00
    expect(scoreKpiSheet([4, 3.99])).toEqual({ ok: true, sum: 7.99, average: 4, band: 'effective' });
    // 3 + 3 + 2.99 = 8.99 / 3 = 2.99666 → 3.00
    expect(scoreKpiSheet([3, 3, 2.99])).toMatchObject({ average: 3, band: 'proper' });
    expect(scoreKpiSheet([1.5, 2.24, 0.24])).toMatchObject({ average: 1.33, band: 'unsatisfactory' });
  });

  it('reports invalid scores by index', () => {
    expect(scoreKpiSheet([5, 5.5, 4.755])).toEqual({
      ok: false,
      errors: [
        { index: 1, code: 'outOfRange' },
        { index: 2, code: 'tooManyDecimals' },
      ],
    });
    expect(() => scoreKpiSheet([])).toThrowError('noParameters');
  });
});

describe('fulfilledCountBand (5 KPIs, regional methodologies)', () => {
  it.each([
    [5, 'effective'],
    [4, 'proper'],
    [3, 'satisfactory'],
    [2, 'unsatisfactory'],
    [0, 'unsatisfactory'],
  ])('%d of 5 → %s', (count, band) => {
    expect(fulfilledCountBand(count, FIVE_KPI_FULFILLED_RULE)).toBe(band);
  });

  it('counts fulfilled KPIs from their percents: 4 of 5 → proper', () => {
    const kpis = [
      { planned: 10, actual: 12, lowerIsBetter: false },
      { planned: 100, actual: 100, lowerIsBetter: false },
      { planned: 5, actual: 0, lowerIsBetter: true },
      { planned: 0, actual: 3, lowerIsBetter: false },
      { planned: 20, actual: 19, lowerIsBetter: false },
    ];
    const fulfilled = kpis.filter((kpi) => {
      const result = kpiPercent(kpi);
      return result.ok && kpiFulfilled(result.percent);
    }).length;
    expect(fulfilled).toBe(4);
    expect(fulfilledCountBand(fulfilled, FIVE_KPI_FULFILLED_RULE)).toBe('proper');
  });

  it('throws for a count outside 0..total', () => {
    expect(() => fulfilledCountBand(6, FIVE_KPI_FULFILLED_RULE)).toThrowError('fulfilledCountOutOfRange');
    expect(() => fulfilledCountBand(2.5, FIVE_KPI_FULFILLED_RULE)).toThrowError('fulfilledCountOutOfRange');
    expect(() => fulfilledCountBand(-1, FIVE_KPI_FULFILLED_RULE)).toThrowError('fulfilledCountOutOfRange');
  });
});
