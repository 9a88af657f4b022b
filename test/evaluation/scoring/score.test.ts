import { describe, expect, it } from 'vitest';
import {
  capFor,
  checkParameterScore,
  checkScoreValue,
  parseScoreInput,
  type ScoreScale,
} from '../../../src/evaluation/scoring/index.ts';
import { JUSTICE_CAPS } from './fixtures.ts';

const justiceScale: ScoreScale = { min: 0, max: 5, decimals: true };
const almatyScale: ScoreScale = { min: 1, max: 5, decimals: true };
const wholeScale: ScoreScale = { min: 1, max: 5, decimals: false };

describe('parseScoreInput', () => {
  it.each([
    ['4', 4],
    ['4.5', 4.5],
    ['4,5', 4.5],
    ['  4,75 ', 4.75],
    ['\u00a03,9\u00a0', 3.9],
    ['0', 0],
    ['5', 5],
    ['5,00', 5],
    ['4,50', 4.5],
    ['2.99', 2.99],
    [',5', 0.5],
    ['+4', 4],
  ])('accepts %j as %d', (text, value) => {
    expect(parseScoreInput(text, justiceScale)).toEqual({ ok: true, value });
  });

  it.each([
    ['abc', 'notANumber'],
    ['', 'notANumber'],
    ['   ', 'notANumber'],
    ['4,5,5', 'notANumber'],
    ['4.5.', 'notANumber'],
    ['1e1', 'notANumber'],
    ['4 5', 'notANumber'],
    ['Infinity', 'notANumber'],
    ['0x4', 'notANumber'],
    ['7', 'outOfRange'],
    ['-1', 'outOfRange'],
    ['5,01', 'outOfRange'],
    ['4,555', 'tooManyDecimals'],
    ['4.001', 'tooManyDecimals'],
  ])('rejects %j with %s', (text, code) => {
    expect(parseScoreInput(text, justiceScale)).toEqual({ ok: false, code });
  });

  it('respects the lower edge of a 1..5 scale', () => {
    expect(parseScoreInput('0', almatyScale)).toEqual({ ok: false, code: 'outOfRange' });
    expect(parseScoreInput('0,99', almatyScale)).toEqual({ ok: false, code: 'outOfRange' });
    expect(parseScoreInput('1', almatyScale)).toEqual({ ok: true, value: 1 });
  });

  it('rejects decimals when the scale has none, but accepts a whole number written with zeros', () => {
    expect(parseScoreInput('4.5', wholeScale)).toEqual({ ok: false, code: 'decimalsNotAllowed' });
    expect(parseScoreInput('4,55', wholeScale)).toEqual({ ok: false, code: 'decimalsNotAllowed' });
    expect(parseScoreInput('4,0', wholeScale)).toEqual({ ok: true, value: 4 });
    expect(parseScoreInput('4', wholeScale)).toEqual({ ok: true, value: 4 });
  });
});

describe('checkScoreValue', () => {
  it('checks numbers like parseScoreInput checks text', () => {
    expect(checkScoreValue(4.55, justiceScale)).toEqual({ ok: true });
    expect(checkScoreValue(Number.NaN, justiceScale)).toMatchObject({ ok: false, code: 'notANumber' });
    expect(checkScoreValue(5.5, justiceScale)).toEqual({ ok: false, code: 'outOfRange', min: 0, max: 5 });
    expect(checkScoreValue(4.555, justiceScale)).toMatchObject({ ok: false, code: 'tooManyDecimals' });
    expect(checkScoreValue(4.5, wholeScale)).toMatchObject({ ok: false, code: 'decimalsNotAllowed' });
  });
});

describe('capFor', () => {
  it('finds the cap of a sanction, or none', () => {
    expect(capFor('reprimand', JUSTICE_CAPS)?.maxScore).toBe(2.99);
    expect(capFor('other', JUSTICE_CAPS)?.maxScore).toBe(1.99);
    expect(capFor(null, JUSTICE_CAPS)).toBeNull();
    expect(capFor('warning', [])).toBeNull();
  });

  it('takes the strictest cap when several sanctions were applied', () => {
    expect(capFor(['warning', 'other'], JUSTICE_CAPS)?.sanction).toBe('other');
    expect(capFor([], JUSTICE_CAPS)).toBeNull();
  });
});

describe('checkParameterScore', () => {
  it('refuses 3 with a reprimand and accepts 2.99', () => {
    const cap = capFor('reprimand', JUSTICE_CAPS);
    expect(checkParameterScore(3, justiceScale, cap)).toEqual({
      ok: false,
      code: 'aboveSanctionCap',
      maxScore: 2.99,
      sanction: 'reprimand',
    });
    expect(checkParameterScore(2.99, justiceScale, cap)).toEqual({ ok: true });
  });

  it('caps "other" sanctions at 1.99', () => {
    const cap = capFor('other', JUSTICE_CAPS);
    expect(checkParameterScore(2, justiceScale, cap)).toMatchObject({
      code: 'aboveSanctionCap',
      maxScore: 1.99,
    });
    expect(checkParameterScore(1.99, justiceScale, cap)).toEqual({ ok: true });
    expect(checkParameterScore(0, justiceScale, cap)).toEqual({ ok: true });
  });

  it('accepts anything on the scale without a cap, and checks the scale before the cap', () => {
    expect(checkParameterScore(5, justiceScale)).toEqual({ ok: true });
    expect(checkParameterScore(5, justiceScale, null)).toEqual({ ok: true });
    expect(checkParameterScore(7, justiceScale, capFor('warning', JUSTICE_CAPS))).toMatchObject({
      code: 'outOfRange',
    });
  });
});
