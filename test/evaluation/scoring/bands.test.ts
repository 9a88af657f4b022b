import { describe, expect, it } from 'vitest';
import {
  type BandId,
  type BandRule,
  bandOf,
  DEFAULT_BANDS,
  ScoringError,
} from '../../../src/evaluation/scoring/index.ts';
import { seededRandom } from './random.ts';

/** Reference on integer hundredths: a score given as units / 10^places, rounded half up to hundredths. */
function referenceBand(units: number, places: number): BandId {
  const scale = 10 ** places;
  const hundredths = Math.floor((units * 200 + scale) / (2 * scale));
  if (hundredths >= 400) return 'effective';
  if (hundredths >= 300) return 'proper';
  if (hundredths >= 200) return 'satisfactory';
  return 'unsatisfactory';
}

/** The decimal text of units / 10^places, e.g. (1995, 3) → "1.995". */
function decimalOf(units: number, places: number): number {
  const text = String(units).padStart(places + 1, '0');
  return Number(`${text.slice(0, -places)}.${text.slice(-places)}`);
}

describe('DEFAULT_BANDS', () => {
  it('holds the four bands with kk and ru labels', () => {
    expect(DEFAULT_BANDS.map((b) => [b.id, b.min])).toEqual([
      ['effective', 4],
      ['proper', 3],
      ['satisfactory', 2],
      ['unsatisfactory', 0],
    ]);
    expect(DEFAULT_BANDS[0]?.label).toEqual({ kk: 'тиімді', ru: 'эффективно' });
    expect(DEFAULT_BANDS[3]?.label).toEqual({ kk: 'қанағаттанарлықсыз', ru: 'неудовлетворительно' });
  });
});

describe('bandOf', () => {
  it.each<[number, BandId]>([
    [0, 'unsatisfactory'],
    [1.99, 'unsatisfactory'],
    [1.994, 'unsatisfactory'],
    [1.9949999, 'unsatisfactory'],
    [1.995, 'satisfactory'],
    [2, 'satisfactory'],
    [2.99, 'satisfactory'],
    [2.994, 'satisfactory'],
    [2.995, 'proper'],
    [3, 'proper'],
    [3.99, 'proper'],
    [3.994, 'proper'],
    [3.995, 'effective'],
    [4, 'effective'],
    [4.99, 'effective'],
    [5, 'effective'],
  ])('%d → %s', (score, band) => {
    expect(bandOf(score)).toBe(band);
  });

  it('agrees with the integer-hundredths reference on every hundredth and every half-hundredth of [0, 5]', () => {
    for (let thousandths = 0; thousandths <= 5000; thousandths += 5) {
      const score = decimalOf(thousandths, 3);
      expect(bandOf(score), String(score)).toBe(referenceBand(thousandths, 3));
    }
  });

  it('agrees with the integer-hundredths reference on random scores in [0, 5]', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 20_000; i++) {
      const places = 1 + Math.floor(random() * 7);
      const units = Math.floor(random() * (5 * 10 ** places + 1));
      const score = decimalOf(units, places);
      expect(bandOf(score), String(score)).toBe(referenceBand(units, places));
    }
  });

  it('does not depend on the order of the band rules', () => {
    const reversed = [...DEFAULT_BANDS].reverse();
    for (const score of [0, 1.995, 2.5, 3.2, 4.7]) expect(bandOf(score, reversed)).toBe(bandOf(score));
  });

  it('uses custom bands and throws noBand below the lowest one', () => {
    const bands: BandRule[] = [
      { id: 'effective', min: 4.5, label: { kk: 'a', ru: 'a' } },
      { id: 'unsatisfactory', min: 1, label: { kk: 'b', ru: 'b' } },
    ];
    expect(bandOf(4.495, bands)).toBe('effective');
    expect(bandOf(4.494, bands)).toBe('unsatisfactory');
    expect(() => bandOf(0.5, bands)).toThrow(ScoringError);
    expect(() => bandOf(-1)).toThrowError('noBand');
  });
});
