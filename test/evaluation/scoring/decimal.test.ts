import { describe, expect, it } from 'vitest';
import { percentTruncated, truncatedHundredths } from '../../../src/evaluation/scoring/decimal.ts';
import { decimalPlaces, roundHalfUp } from '../../../src/evaluation/scoring/index.ts';
import { ScoringError } from '../../../src/evaluation/scoring/types.ts';
import { seededRandom } from './random.ts';

describe('roundHalfUp', () => {
  it.each([
    [2.675, 2.68],
    [1.995, 2],
    [3.9949999, 3.99],
    [1.005, 1.01],
    [1.015, 1.02],
    [1.045, 1.05],
    [0.285, 0.29],
    [4.345, 4.35],
    [8.575, 8.58],
    [10.235, 10.24],
    [1.994, 1.99],
    [2.994999, 2.99],
    [3.995, 4],
    [4.999, 5],
    [4.994, 4.99],
    [0.005, 0.01],
    [0.0049999, 0],
    [0, 0],
    [5, 5],
    [4.5, 4.5],
    [0.1 + 0.2, 0.3],
    [1e-7, 0],
    [123456.785, 123456.79],
    [-2.675, -2.68],
    [-0.001, 0],
  ])('%d → %d', (x, expected) => {
    expect(roundHalfUp(x)).toBe(expected);
  });

  it('rounds to other numbers of decimals', () => {
    expect(roundHalfUp(2.5, 0)).toBe(3);
    expect(roundHalfUp(2.45, 1)).toBe(2.5);
    expect(roundHalfUp(99.9949, 2)).toBe(99.99);
    expect(roundHalfUp(99.995, 2)).toBe(100);
    expect(roundHalfUp(1.0005, 3)).toBe(1.001);
    expect(roundHalfUp(1.5e21, 2)).toBe(1.5e21);
  });

  it('never returns -0', () => {
    expect(Object.is(roundHalfUp(-0.001), 0)).toBe(true);
    expect(Object.is(roundHalfUp(-0), 0)).toBe(true);
  });

  it('throws a coded error on non-finite input and bad decimals', () => {
    expect(() => roundHalfUp(Number.NaN)).toThrow(ScoringError);
    expect(() => roundHalfUp(Number.POSITIVE_INFINITY)).toThrowError('notFinite');
    expect(() => roundHalfUp(1, 1.5)).toThrowError('invalidDecimals');
  });

  it('agrees with integer arithmetic on every x.xx5 tie and its neighbours in [0, 10)', () => {
    for (let thousandths = 0; thousandths < 10_000; thousandths++) {
      const x = Number(`${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`);
      const expected = Math.floor((thousandths + 5) / 10) / 100;
      expect(roundHalfUp(x)).toBe(expected);
    }
  });

  it('agrees with a string-based reference on random decimals', () => {
    const random = seededRandom(20240517);
    for (let i = 0; i < 5000; i++) {
      const digits = Math.floor(random() * 1e7); // 7-digit integer → x = digits / 10^5 (5 decimals)
      const x = Number(`${Math.floor(digits / 1e5)}.${String(digits % 1e5).padStart(5, '0')}`);
      const expectedHundredths = Math.floor((digits + 500) / 1000);
      expect(roundHalfUp(x)).toBe(expectedHundredths / 100);
    }
  });
});

describe('decimalPlaces', () => {
  it.each([
    [5, 0],
    [4.5, 1],
    [4.55, 2],
    [4.555, 3],
    [1e-7, 7],
    [1.5e21, 0],
    [0, 0],
  ])('%d has %d decimals', (x, places) => {
    expect(decimalPlaces(x)).toBe(places);
  });
});

describe('percentTruncated and truncatedHundredths (exact, cut, never rounded)', () => {
  it('cuts the exact quotient to hundredths of a percent', () => {
    expect(percentTruncated(199_991, 200_000)).toBe(99.99); // 99.9955
    expect(percentTruncated(19_999, 20_000)).toBe(99.99); // 99.995
    expect(percentTruncated(2, 3)).toBe(66.66);
    expect(percentTruncated(1.15, 1.15)).toBe(100);
    expect(percentTruncated(0.1, 0.3)).toBe(33.33);
    expect(percentTruncated(5, 4)).toBe(125);
  });

  it('reads a number through its decimal form: 2.675 hundredths are 267, 99.9955 are 9999', () => {
    expect(truncatedHundredths(99.9955)).toBe(9999);
    expect(truncatedHundredths(2.675)).toBe(267);
    expect(truncatedHundredths(100)).toBe(10_000);
    expect(truncatedHundredths(0.009)).toBe(0);
    expect(truncatedHundredths(1e-7)).toBe(0);
    expect(truncatedHundredths(-4.999)).toBe(-499);
  });
});
