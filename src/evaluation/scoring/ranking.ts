import { bandOf } from './bands.ts';
import { divideHalfUp, fromHundredths, toHundredths } from './decimal.ts';
import { DEFAULT_BANDS } from './defaults.ts';
import { checkParameterScore } from './score.ts';
import {
  type BandId,
  type BandRule,
  type Sanction,
  type SanctionCap,
  type ScoreScale,
  ScoringError,
} from './types.ts';

export interface RankingSheetInput {
  /** The parameters of the sheet, in order; the average divides by their number. */
  parameterIds: readonly string[];
  scores: Readonly<Record<string, number>>;
  scale: ScoreScale;
  /** Cap in force for a parameter in this period (from capFor); absent/null = no cap. */
  sanctionCapsByParameter?: Readonly<Record<string, SanctionCap | null>>;
  bands?: readonly BandRule[];
}

export type RankingSheetError =
  | { parameterId: string; code: 'missing' | 'unknownParameter' }
  | {
      parameterId: string;
      code: 'notANumber' | 'outOfRange' | 'decimalsNotAllowed' | 'tooManyDecimals';
      min: number;
      max: number;
    }
  | { parameterId: string; code: 'aboveSanctionCap'; maxScore: number; sanction: Sanction };

export type RankingSheetResult =
  | { ok: true; sum: number; average: number; band: BandId }
  | { ok: false; errors: RankingSheetError[] };

/**
 * Ranking (differentiation) sheet: every parameter scored, each score valid for the scale and under its
 * sanction cap; average = sum of scores / number of parameters, rounded half up to 2 decimals.
 * All problems are reported at once, in parameter order, then unknown parameters.
 * Throws ScoringError for a sheet without parameters or with a repeated parameter id (methodology data bug).
 */
export function scoreRankingSheet(input: RankingSheetInput): RankingSheetResult {
  const { parameterIds, scores, scale } = input;
  if (parameterIds.length === 0) throw new ScoringError('noParameters');
  if (new Set(parameterIds).size !== parameterIds.length) throw new ScoringError('duplicateParameter');

  const errors: RankingSheetError[] = [];
  let sumHundredths = 0;
  for (const parameterId of parameterIds) {
    if (!Object.hasOwn(scores, parameterId)) {
      errors.push({ parameterId, code: 'missing' });
      continue;
    }
    const value = scores[parameterId] as number;
    const check = checkParameterScore(value, scale, input.sanctionCapsByParameter?.[parameterId] ?? null);
    if (!check.ok) {
      const { ok: _ok, ...problem } = check;
      errors.push({ parameterId, ...problem });
      continue;
    }
    sumHundredths += toHundredths(value);
  }
  const known = new Set(parameterIds);
  for (const parameterId of Object.keys(scores)) {
    if (!known.has(parameterId)) errors.push({ parameterId, code: 'unknownParameter' });
  }
  if (errors.length > 0) return { ok: false, errors };

  const average = fromHundredths(divideHalfUp(sumHundredths, parameterIds.length));
  return {
    ok: true,
    sum: fromHundredths(sumHundredths),
    average,
    band: bandOf(average, input.bands ?? DEFAULT_BANDS),
  };
}
