import type { HydratedDocument, Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { type CompetencySet, getMethodology, type Survey360Method } from '../../methodology/index.ts';
import type { AssignmentDoc, DraftDoc } from './models.ts';
import {
  firstSlotOfCompetency,
  flattenQuestions,
  isComplete,
  positionAfterAnswer,
  type QuestionSlot,
} from './questionnaire.ts';

export type Draft = HydratedDocument<DraftDoc>;

/** Everything needed to show a questionnaire: who is evaluated, with which questions. */
export interface Questionnaire {
  assignment: HydratedDocument<AssignmentDoc>;
  survey: Survey360Method;
  set: CompetencySet;
  slots: QuestionSlot[];
  targetEmployeeId: Types.ObjectId;
  deadline: string;
}

export async function loadQuestionnaire(
  models: Models,
  assignmentId: Types.ObjectId | string,
): Promise<Questionnaire | null> {
  const assignment = await models.SurveyAssignment.findById(assignmentId);
  if (!assignment) return null;
  const target = await models.SurveyTarget.findById(assignment.targetId);
  const campaign = await models.SurveyCampaign.findById(assignment.campaignId);
  const survey = campaign && getMethodology(campaign.methodologyId)?.methods.survey360;
  const set = survey?.competencySets.find((s) => s.id === target?.competencySetId);
  if (!target || !campaign || !survey || !set) return null;
  return {
    assignment,
    survey,
    set,
    slots: flattenQuestions(set),
    targetEmployeeId: target.employeeId,
    deadline: campaign.deadline,
  };
}

export type OpenResult =
  | { ok: true; draft: Draft; questionnaire: Questionnaire }
  | { ok: false; reason: 'notYours' | 'done' | 'closed' };

/** Opens (or resumes) the respondent's draft of an assignment of a launched campaign. */
export async function openDraft(
  models: Models,
  assignmentId: string,
  respondentId: Types.ObjectId,
): Promise<OpenResult> {
  const questionnaire = await loadQuestionnaire(models, assignmentId);
  if (!questionnaire?.assignment.respondentId.equals(respondentId)) return { ok: false, reason: 'notYours' };
  if (questionnaire.assignment.done) return { ok: false, reason: 'done' };
  const campaign = await models.SurveyCampaign.findById(questionnaire.assignment.campaignId);
  if (campaign?.state !== 'launched') return { ok: false, reason: 'closed' };
  const draft = await models.SurveyDraft.findOneAndUpdate(
    { assignmentId: questionnaire.assignment._id },
    { $setOnInsert: { assignmentId: questionnaire.assignment._id, respondentId } },
    { upsert: true, returnDocument: 'after' },
  );
  return { ok: true, draft: draft!, questionnaire };
}

export type DraftStep =
  | { ok: true; draft: Draft; questionnaire: Questionnaire }
  | { ok: false; reason: 'gone' | 'notYours' | 'stale' };

/** Loads a draft for a button tap: it must still exist and belong to the tapping respondent. */
export async function draftForTap(
  models: Models,
  draftId: string,
  respondentId: Types.ObjectId,
): Promise<DraftStep> {
  const draft = await models.SurveyDraft.findById(draftId).catch(() => null);
  if (!draft) return { ok: false, reason: 'gone' };
  if (!draft.respondentId.equals(respondentId)) return { ok: false, reason: 'notYours' };
  const questionnaire = await loadQuestionnaire(models, draft.assignmentId);
  if (!questionnaire) return { ok: false, reason: 'gone' };
  return { ok: true, draft, questionnaire };
}

/**
 * Records an answer to the question at `position` and moves on. The filter on the expected position
 * makes a double tap or a tap on an old question a no-op (null).
 */
export async function recordAnswer(
  models: Models,
  step: { draft: Draft; questionnaire: Questionnaire },
  position: number,
  value: number,
): Promise<Draft | null> {
  const { draft, questionnaire } = step;
  const slot = questionnaire.slots[position];
  if (!slot || !questionnaire.survey.answerScale.steps.some((s) => s.value === value)) return null;
  const next = positionAfterAnswer(questionnaire.slots, position, draft.returnToReview);
  return models.SurveyDraft.findOneAndUpdate(
    { _id: draft._id, position },
    {
      $set: {
        [`answers.${slot.question.id}`]: value,
        position: next,
        ...(next === questionnaire.slots.length ? { returnToReview: false } : {}),
      },
    },
    { returnDocument: 'after' },
  );
}

/** Moves to another position if the draft is still at `from` (back, change, continue). */
export async function moveDraft(
  models: Models,
  draft: Draft,
  from: number,
  to: number,
  extra: Partial<Pick<DraftDoc, 'returnToReview' | 'introShown' | 'messageId' | 'chatId'>> = {},
): Promise<Draft | null> {
  return models.SurveyDraft.findOneAndUpdate(
    { _id: draft._id, position: from },
    { $set: { position: to, ...extra } },
    { returnDocument: 'after' },
  );
}

export function changeCompetencyPosition(questionnaire: Questionnaire, competencyIndex: number): number {
  return firstSlotOfCompetency(questionnaire.slots, competencyIndex);
}

/**
 * Submits a complete draft. Each step is idempotent, so a crash or a double tap at any point
 * converges: the response is inserted once (unique submission token), the assignment marked done,
 * and the draft — the last link between respondent and answers — deleted.
 */
export async function submitDraft(
  models: Models,
  step: { draft: Draft; questionnaire: Questionnaire },
  today: string,
): Promise<'submitted' | 'incomplete'> {
  const { draft, questionnaire } = step;
  const answers = (draft.answers ?? {}) as Record<string, number>;
  if (draft.position !== questionnaire.slots.length || !isComplete(questionnaire.slots, answers))
    return 'incomplete';
  const { assignment } = questionnaire;
  try {
    await models.SurveyResponse.create({
      campaignId: assignment.campaignId,
      targetId: assignment.targetId,
      isSelf: assignment.relation === 'self',
      answers: Object.fromEntries(questionnaire.slots.map((s) => [s.question.id, answers[s.question.id]])),
      submittedOn: today,
      submissionToken: draft.submissionToken,
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  await models.SurveyAssignment.updateOne({ _id: assignment._id }, { $set: { done: true } });
  await models.SurveyDraft.deleteOne({ _id: draft._id });
  return 'submitted';
}
