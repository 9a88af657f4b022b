import { toHundredths } from './decimal.ts';
import { DEFAULT_BANDS } from './defaults.ts';
import { type BandId, type BandRule, ScoringError } from './types.ts';

/**
 * The band of a score: the score is first rounded half up to 2 decimals (1.995 → 2.00 → satisfactory,
 * 1.994 → 1.99 → unsatisfactory), then it belongs to the band with the greatest min <= score.
 * Throws ScoringError('noBand') if no band starts low enough (e.g. a negative score).
 */
export function bandOf(score: number, bands: readonly BandRule[] = DEFAULT_BANDS): BandId {
  const s = toHundredths(score);
  let best: BandRule | undefined;
  for (const band of bands) {
    const min = toHundredths(band.min);
    if (min <= s && (best === undefined || min > toHundredths(best.min))) best = band;
  }
  if (best === undefined) throw new ScoringError('noBand');
  return best.id;
}
