import { bandOf } from './bands.ts';
import { divideHalfUp, fromHundredths, toHundredths } from './decimal.ts';
import { DEFAULT_BANDS } from './defaults.ts';
import { checkScoreValue } from './score.ts';
import { type BandId, type BandRule, type ScoreScale, ScoringError } from './types.ts';

export interface Competency360 {
  id: string;
  questionIds: readonly string[];
}

export interface Response360 {
  /** The evaluated person's own questionnaire: reported next to the others, never counted. */
  isSelf: boolean;
  answers: Readonly<Record<string, number>>;
}

export interface Score360Input {
  competencies: readonly Competency360[];
  responses: readonly Response360[];
  /** Minimum number of non-self respondents (the methodologies ask for 3 to 7). */
  minRespondents?: number;
  /** Points of one answer: 1 "never shown" … 5 "always shown" by default. */
  answerScale?: ScoreScale;
  bands?: readonly BandRule[];
}

export interface CompetencyResult360 {
  id: string;
  average: number;
  selfAverage: number | null;
}

export type Score360Result =
  | { ok: false; code: 'notEnoughResponses'; have: number; need: number }
  | { ok: false; code: 'tooManySelfResponses' }
  | { ok: false; code: 'incompleteResponse'; responseIndex: number; questionId: string }
  | { ok: false; code: 'unknownQuestion'; responseIndex: number; questionId: string }
  | {
      ok: false;
      code: 'invalidAnswer';
      responseIndex: number;
      questionId: string;
      answerCode: 'notANumber' | 'outOfRange' | 'decimalsNotAllowed' | 'tooManyDecimals';
    }
  | {
      ok: true;
      perCompetency: CompetencyResult360[];
      overall: number;
      band: BandId;
      /** Lowest 3 competencies by average, ties with the 3rd included, lowest first: training topics. */
      lowest: string[];
      /** Non-self respondents counted. */
      respondentCount: number;
    };

const DEFAULT_ANSWER_SCALE: ScoreScale = { min: 1, max: 5, decimals: false };
const LOWEST_COUNT = 3;

/**
 * 360 evaluation. Per competency: the mean over non-self respondents of each respondent's mean answer to
 * the competency's questions. Every questionnaire is complete, so this equals the sum of all points for
 * the competency / (questions × respondents), i.e. "points / number of answers" of the methodology, and is
 * computed exactly on integer hundredths, rounded half up once.
 * Overall: mean of the per-competency averages as published (rounded), so it can be re-done from the report.
 * The self questionnaire is validated like the others and yields selfAverage only.
 */
export function score360(input: Score360Input): Score360Result {
  const { competencies, responses } = input;
  const minRespondents = input.minRespondents ?? 3;
  const answerScale = input.answerScale ?? DEFAULT_ANSWER_SCALE;
  if (competencies.length === 0) throw new ScoringError('noCompetencies');

  const questionIds = new Set(competencies.flatMap((c) => c.questionIds));
  for (const [responseIndex, response] of responses.entries()) {
    for (const questionId of questionIds) {
      if (!Object.hasOwn(response.answers, questionId)) {
        return { ok: false, code: 'incompleteResponse', responseIndex, questionId };
      }
      const check = checkScoreValue(response.answers[questionId] as number, answerScale);
      if (!check.ok)
        return { ok: false, code: 'invalidAnswer', responseIndex, questionId, answerCode: check.code };
    }
    for (const questionId of Object.keys(response.answers)) {
      if (!questionIds.has(questionId))
        return { ok: false, code: 'unknownQuestion', responseIndex, questionId };
    }
  }

  const others = responses.filter((r) => !r.isSelf);
  const selves = responses.filter((r) => r.isSelf);
  if (selves.length > 1) return { ok: false, code: 'tooManySelfResponses' };
  if (others.length < minRespondents) {
    return { ok: false, code: 'notEnoughResponses', have: others.length, need: minRespondents };
  }

  const self = selves[0];
  const perCompetency = competencies.map((competency): CompetencyResult360 => {
    if (competency.questionIds.length === 0) throw new ScoringError('noCompetencies');
    return {
      id: competency.id,
      average: meanOfAnswers(others, competency.questionIds),
      selfAverage: self === undefined ? null : meanOfAnswers([self], competency.questionIds),
    };
  });

  const averagesHundredths = perCompetency.map((c) => toHundredths(c.average));
  const overallHundredths = divideHalfUp(
    averagesHundredths.reduce((a, b) => a + b, 0),
    perCompetency.length,
  );
  const overall = fromHundredths(overallHundredths);

  return {
    ok: true,
    perCompetency,
    overall,
    band: bandOf(overall, input.bands ?? DEFAULT_BANDS),
    lowest: lowestCompetencies(perCompetency),
    respondentCount: others.length,
  };
}

/** Sum of all points of these responses to these questions / (questions × responses), rounded half up. */
function meanOfAnswers(responses: readonly Response360[], questionIds: readonly string[]): number {
  let sumHundredths = 0;
  for (const response of responses) {
    for (const questionId of questionIds)
      sumHundredths += toHundredths(response.answers[questionId] as number);
  }
  return fromHundredths(divideHalfUp(sumHundredths, questionIds.length * responses.length));
}

function lowestCompetencies(perCompetency: readonly CompetencyResult360[]): string[] {
  const sorted = [...perCompetency].sort((a, b) => toHundredths(a.average) - toHundredths(b.average));
  const threshold = sorted[Math.min(LOWEST_COUNT, sorted.length) - 1];
  if (threshold === undefined) return [];
  return sorted.filter((c) => toHundredths(c.average) <= toHundredths(threshold.average)).map((c) => c.id);
}
