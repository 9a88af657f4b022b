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

/**
 * Where to go after answering the question at `position`: the next question, or the review screen
 * (position = questions.length) when the answer finished a competency opened from the review.
 */
export function positionAfterAnswer(
  slots: readonly QuestionSlot[],
  position: number,
  returnToReview: boolean,
): number {
  const next = position + 1;
  if (!returnToReview) return next;
  const current = slots[position];
  const following = slots[next];
  return following && current && following.competencyIndex === current.competencyIndex ? next : slots.length;
}

export function firstSlotOfCompetency(slots: readonly QuestionSlot[], competencyIndex: number): number {
  return slots.findIndex((slot) => slot.competencyIndex === competencyIndex);
}

export function isComplete(
  slots: readonly QuestionSlot[],
  answers: Readonly<Record<string, number>>,
): boolean {
  return slots.every((slot) => typeof answers[slot.question.id] === 'number');
}
