import type { Competency, CompetencySet, Question } from '../../methodology/index.ts';

/** One question of a questionnaire in the order the respondent sees it. */
export interface QuestionSlot {
  index: number;
  competencyIndex: number;
  competency: Competency;
  question: Question;
}

/** The competency set's questions, competency by competency. */
export function flattenQuestions(set: CompetencySet): QuestionSlot[] {
  return set.competencies
    .flatMap((competency, competencyIndex) =>
      competency.questions.map((question) => ({ competencyIndex, competency, question })),
    )
    .map((slot, index) => ({ ...slot, index }));
}

export function isComplete(
  slots: readonly QuestionSlot[],
  answers: Readonly<Record<string, number>>,
): boolean {
  return slots.every((slot) => typeof answers[slot.question.id] === 'number');
}
