import { bandOf } from './bands.ts';
import { divideHalfUp, fromHundredths, toHundredths } from './decimal.ts';
import { DEFAULT_BANDS } from './defaults.ts';
import { type BandId, type BandRule, ScoringError } from './types.ts';

export interface PeriodFinal {
  score: number;
  band: BandId;
}

/** The quarter's final score is the average of its evaluation sheet (ranking or KPI), already rounded. */
export function quarterFinal(
  sheet: { average: number },
  bands: readonly BandRule[] = DEFAULT_BANDS,
): PeriodFinal {
  const score = fromHundredths(toHundredths(sheet.average));
  return { score, band: bandOf(score, bands) };
}

/**
 * The year's final: the mean of the quarters that were evaluated (null = not evaluated: leave, sick leave,
 * less than a month in the post), rounded half up to 2 decimals; null when no quarter was evaluated.
 * Throws ScoringError('tooManyQuarters') for more than 4 entries, ScoringError('invalidScore') for a
 * negative or non-finite quarter score.
 */
export function annualFinal(
  quarterScores: readonly (number | null)[],
  bands: readonly BandRule[] = DEFAULT_BANDS,
): (PeriodFinal & { quartersEvaluated: number }) | null {
  if (quarterScores.length > 4) throw new ScoringError('tooManyQuarters');
  const evaluated = quarterScores.filter((s): s is number => s !== null);
  if (evaluated.length === 0) return null;
  let sumHundredths = 0;
  for (const score of evaluated) {
    if (!Number.isFinite(score) || score < 0) throw new ScoringError('invalidScore');
    sumHundredths += toHundredths(score);
  }
  const score = fromHundredths(divideHalfUp(sumHundredths, evaluated.length));
  return { score, band: bandOf(score, bands), quartersEvaluated: evaluated.length };
}
