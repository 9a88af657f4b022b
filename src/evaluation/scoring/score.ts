import { decimalPlaces, toHundredths } from './decimal.ts';
import type { Sanction, SanctionCap, ScoreScale } from './types.ts';

export type ScoreValueCode = 'notANumber' | 'outOfRange' | 'decimalsNotAllowed' | 'tooManyDecimals';

export type ScoreValueCheck = { ok: true } | { ok: false; code: ScoreValueCode; min: number; max: number };

export type ParameterScoreCheck =
  | ScoreValueCheck
  | { ok: false; code: 'aboveSanctionCap'; maxScore: number; sanction: Sanction };

export type ParseScoreResult = { ok: true; value: number } | { ok: false; code: ScoreValueCode };

/**
 * Checks a score against a scale: finite, inside [min, max], whole when decimals are not allowed,
 * at most 2 decimals otherwise. Order of checks: notANumber, outOfRange, decimalsNotAllowed / tooManyDecimals.
 */
export function checkScoreValue(value: number, scale: ScoreScale): ScoreValueCheck {
  const bounds = { min: scale.min, max: scale.max };
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { ok: false, code: 'notANumber', ...bounds };
  if (value < scale.min || value > scale.max) return { ok: false, code: 'outOfRange', ...bounds };
  const places = decimalPlaces(value);
  if (!scale.decimals && places > 0) return { ok: false, code: 'decimalsNotAllowed', ...bounds };
  if (places > 2) return { ok: false, code: 'tooManyDecimals', ...bounds };
  return { ok: true };
}

// Optional sign, digits, optional "." or "," (Kazakh/Russian decimal comma) and digits; at least one digit.
const SCORE_PATTERN = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/**
 * Parses what an evaluator typed: "4", "4.5", "4,5", " 4,50 " are accepted; trailing zeros of the fraction
 * do not count as decimals ("4,0" is a whole 4). "-1" and "7" are numbers, so they are outOfRange.
 */
export function parseScoreInput(text: string, scale: ScoreScale): ParseScoreResult {
  const trimmed = text.trim();
  if (!SCORE_PATTERN.test(trimmed)) return { ok: false, code: 'notANumber' };
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value)) return { ok: false, code: 'notANumber' };
  const fraction = trimmed.split(/[.,]/)[1]?.replace(/0+$/, '') ?? '';
  // Count decimals on the typed text: a 20-digit fraction may not survive the trip through a double.
  if (value < scale.min || value > scale.max) return { ok: false, code: 'outOfRange' };
  if (!scale.decimals && fraction.length > 0) return { ok: false, code: 'decimalsNotAllowed' };
  if (fraction.length > 2) return { ok: false, code: 'tooManyDecimals' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** The cap for the sanction(s) applied in the period; with several sanctions the strictest cap wins. */
export function capFor(
  sanction: Sanction | readonly Sanction[] | null | undefined,
  caps: readonly SanctionCap[],
): SanctionCap | null {
  if (sanction === null || sanction === undefined) return null;
  const applied: readonly Sanction[] = typeof sanction === 'string' ? [sanction] : sanction;
  let strictest: SanctionCap | null = null;
  for (const cap of caps) {
    if (applied.includes(cap.sanction) && (strictest === null || cap.maxScore < strictest.maxScore)) {
      strictest = cap;
    }
  }
  return strictest;
}

/**
 * A parameter score on a ranking sheet: the scale checks, then the sanction cap of that parameter
 * (Justice parameter 5: warning/reprimand/severe reprimand → at most 2.99, other → at most 1.99).
 */
export function checkParameterScore(
  value: number,
  scale: ScoreScale,
  sanctionCap?: SanctionCap | null,
): ParameterScoreCheck {
  const check = checkScoreValue(value, scale);
  if (!check.ok) return check;
  if (sanctionCap && toHundredths(value) > toHundredths(sanctionCap.maxScore)) {
    return {
      ok: false,
      code: 'aboveSanctionCap',
      maxScore: sanctionCap.maxScore,
      sanction: sanctionCap.sanction,
    };
  }
  return { ok: true };
}
