import { describe, expect, it } from 'vitest';
import {
  capFor,
  type ScoreScale,
  ScoringError,
  scoreRankingSheet,
} from '../../../src/evaluation/scoring/index.ts';
import { JUSTICE_CAPS } from './fixtures.ts';

// Justice methodology, ranking sheet of a corps "B" servant: 5 parameters scored 0..5,
// "average = sum of the scores / number of parameters evaluated".
const justiceScale: ScoreScale = { min: 0, max: 5, decimals: true };
const parameterIds = ['quality', 'deadlines', 'initiative', 'discipline', 'noSanctions'];

describe('scoreRankingSheet', () => {
  it('averages the scores over the number of parameters, rounded half up', () => {
    const result = scoreRankingSheet({
      parameterIds,
      scores: { quality: 4.5, deadlines: 4, initiative: 3.75, discipline: 5, noSanctions: 5 },
      scale: justiceScale,
    });
    expect(result).toEqual({ ok: true, sum: 22.25, average: 4.45, band: 'effective' });
  });

  it('rounds the average half up once, at the band edge', () => {
    const result = scoreRankingSheet({
      parameterIds,
      scores: { quality: 4, deadlines: 4, initiative: 4, discipline: 4, noSanctions: 3.97 },
      scale: justiceScale,
    });
    // 19.97 / 5 = 3.994 → 3.99 proper
    expect(result).toMatchObject({ ok: true, sum: 19.97, average: 3.99, band: 'proper' });
    const sheet3 = scoreRankingSheet({
      parameterIds: ['a', 'b', 'c'],
      scores: { a: 4, b: 4, c: 3.98 },
      scale: justiceScale,
    });
    // 4 + 4 + 3.98 = 11.98 / 3 = 3.99333… → 3.99
    expect(sheet3).toMatchObject({ ok: true, average: 3.99 });
    const tie = scoreRankingSheet({
      parameterIds: ['a', 'b'],
      scores: { a: 4, b: 3.99 },
      scale: justiceScale,
    });
    // 7.99 / 2 = 3.995 exactly → 4.00 effective
    expect(tie).toEqual({ ok: true, sum: 7.99, average: 4, band: 'effective' });
  });

  it('with a reprimand in the quarter refuses 3 on parameter 5 and accepts 2.99', () => {
    const sanctionCapsByParameter = { noSanctions: capFor('reprimand', JUSTICE_CAPS) };
    const base = { quality: 5, deadlines: 5, initiative: 5, discipline: 5 };
    expect(
      scoreRankingSheet({
        parameterIds,
        scores: { ...base, noSanctions: 3 },
        scale: justiceScale,
        sanctionCapsByParameter,
      }),
    ).toEqual({
      ok: false,
      errors: [
        { parameterId: 'noSanctions', code: 'aboveSanctionCap', maxScore: 2.99, sanction: 'reprimand' },
      ],
    });
    expect(
      scoreRankingSheet({
        parameterIds,
        scores: { ...base, noSanctions: 2.99 },
        scale: justiceScale,
        sanctionCapsByParameter,
      }),
    ).toEqual({ ok: true, sum: 22.99, average: 4.6, band: 'effective' });
  });

  it('applies a cap only to the parameter that carries it', () => {
    const result = scoreRankingSheet({
      parameterIds,
      scores: { quality: 5, deadlines: 5, initiative: 5, discipline: 5, noSanctions: 1.99 },
      scale: justiceScale,
      sanctionCapsByParameter: { noSanctions: capFor('other', JUSTICE_CAPS), quality: null },
    });
    expect(result).toEqual({ ok: true, sum: 21.99, average: 4.4, band: 'effective' });
  });

  it('reports every problem at once', () => {
    const result = scoreRankingSheet({
      parameterIds,
      scores: { quality: 7, deadlines: 4.555, discipline: 4, noSanctions: 2.5, bonus: 5 },
      scale: justiceScale,
      sanctionCapsByParameter: { noSanctions: capFor('other', JUSTICE_CAPS) },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { parameterId: 'quality', code: 'outOfRange', min: 0, max: 5 },
        { parameterId: 'deadlines', code: 'tooManyDecimals', min: 0, max: 5 },
        { parameterId: 'initiative', code: 'missing' },
        { parameterId: 'noSanctions', code: 'aboveSanctionCap', maxScore: 1.99, sanction: 'other' },
        { parameterId: 'bonus', code: 'unknownParameter' },
      ],
    });
  });

  it('refuses decimals on a whole-number scale', () => {
    const result = scoreRankingSheet({
      parameterIds: ['a'],
      scores: { a: 4.5 },
      scale: { min: 1, max: 5, decimals: false },
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ parameterId: 'a', code: 'decimalsNotAllowed', min: 1, max: 5 }],
    });
  });

  it('throws on a broken sheet definition', () => {
    expect(() => scoreRankingSheet({ parameterIds: [], scores: {}, scale: justiceScale })).toThrowError(
      'noParameters',
    );
    expect(() =>
      scoreRankingSheet({ parameterIds: ['a', 'a'], scores: { a: 1 }, scale: justiceScale }),
    ).toThrow(ScoringError);
  });
});
