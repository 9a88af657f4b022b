import { describe, expect, it } from 'vitest';
import { annualFinal, quarterFinal, scoreRankingSheet } from '../../../src/evaluation/scoring/index.ts';

describe('quarterFinal', () => {
  it('is the sheet average with its band', () => {
    const sheet = scoreRankingSheet({
      parameterIds: ['a', 'b', 'c', 'd'],
      scores: { a: 4, b: 3, c: 3.5, d: 3.49 },
      scale: { min: 0, max: 5, decimals: true },
    });
    if (!sheet.ok) throw new Error('expected ok');
    // 13.99 / 4 = 3.4975 → 3.50
    expect(quarterFinal(sheet)).toEqual({ score: 3.5, band: 'proper' });
  });
});

describe('annualFinal', () => {
  it('averages the evaluated quarters, rounded half up', () => {
    expect(annualFinal([4, 3.5, 3.75, 4.1])).toEqual({ score: 3.84, band: 'proper', quartersEvaluated: 4 });
    // (3.99 + 4) / 2 = 3.995 → 4.00
    expect(annualFinal([3.99, 4])).toEqual({ score: 4, band: 'effective', quartersEvaluated: 2 });
  });

  it('skips quarters that were not evaluated', () => {
    expect(annualFinal([null, 2.5, null, 3.01])).toEqual({
      score: 2.76,
      band: 'satisfactory',
      quartersEvaluated: 2,
    });
    expect(annualFinal([null, null, 1.5, null])).toEqual({
      score: 1.5,
      band: 'unsatisfactory',
      quartersEvaluated: 1,
    });
  });

  it('is null when no quarter was evaluated', () => {
    expect(annualFinal([null, null, null, null])).toBeNull();
    expect(annualFinal([])).toBeNull();
  });

  it('throws on more than 4 quarters or an invalid score', () => {
    expect(() => annualFinal([1, 2, 3, 4, 5])).toThrowError('tooManyQuarters');
    expect(() => annualFinal([-1])).toThrowError('invalidScore');
    expect(() => annualFinal([Number.NaN])).toThrowError('invalidScore');
  });
});
