import type { HydratedDocument, Types } from 'mongoose';
import type { Models } from '../../db/models.ts';
import { type CompetencySet, getMethodology, type Survey360Method } from '../../methodology/index.ts';
import type { AnswerVault } from './answer-vault.ts';
import type { AssignmentDoc, DraftDoc } from './models.ts';
import {
  firstSlotOfCompetency,
  flattenQuestions,
  isComplete,
  positionAfterAnswer,
  type QuestionSlot,
} from './questionnaire.ts';

/**
 * The storage of 360 questionnaires in progress: open, record, move, submit. Answers are sealed
 * here and nowhere else, so the flows above see plain answers and the database never does.
 */
export interface AnsweringDeps {
  models: Models;
  answerVault: AnswerVault;
}

/** A questionnaire in progress as the flows see it, answers opened. */
export interface Draft {
  _id: Types.ObjectId;
  assignmentId: Types.ObjectId;
  position: number;
  returnToReview: boolean;
  introShown: boolean;
  messageId: number | null;
  /** Question id → points. */
  answers: Readonly<Record<string, number>>;
}

/** Everything needed to show a questionnaire: who is evaluated, with which questions. */
export interface Questionnaire {
  assignment: HydratedDocument<AssignmentDoc>;
  survey: Survey360Method;
  set: CompetencySet;
  slots: QuestionSlot[];
  targetEmployeeId: Types.ObjectId;
  deadline: string;
}

/** Where a draft's answer is sealed: a box moved to another draft or question does not open. */
export const answerContext = (draftId: Types.ObjectId | string, questionId: string) =>
  `draft:${String(draftId)}:${questionId}`;
/** Where a submitted questionnaire is sealed until its campaign's release. */
export const sealedContext = (campaignId: Types.ObjectId | string, sealedId: string) =>
  `response:${String(campaignId)}:${sealedId}`;

/** What a sealed submission holds. */
export interface SealedContent {
  targetId: string;
  isSelf: boolean;
  answers: Record<string, number>;
}

type DraftRecord = Pick<
  DraftDoc,
  'assignmentId' | 'position' | 'returnToReview' | 'introShown' | 'messageId' | 'answers'
> & { _id: Types.ObjectId };

function opened(vault: AnswerVault, doc: DraftRecord): Draft {
  const boxes = (doc.answers ?? {}) as Record<string, string>;
  return {
    _id: doc._id,
    assignmentId: doc.assignmentId,
    position: doc.position ?? 0,
    returnToReview: doc.returnToReview ?? false,
    introShown: doc.introShown ?? false,
    messageId: doc.messageId ?? null,
    answers: Object.fromEntries(
      Object.entries(boxes).map(([questionId, box]) => [
        questionId,
        vault.open<number>(box, answerContext(doc._id, questionId)),
      ]),
    ),
  };
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
  deps: AnsweringDeps,
  assignmentId: string,
  respondentId: Types.ObjectId,
): Promise<OpenResult> {
  const { models } = deps;
  const questionnaire = await loadQuestionnaire(models, assignmentId);
  if (!questionnaire?.assignment.respondentId.equals(respondentId)) return { ok: false, reason: 'notYours' };
  if (questionnaire.assignment.done) return { ok: false, reason: 'done' };
  if (!(await isLaunched(models, questionnaire))) return { ok: false, reason: 'closed' };
  const draft = await models.SurveyDraft.findOneAndUpdate(
    { assignmentId: questionnaire.assignment._id },
    { $setOnInsert: { assignmentId: questionnaire.assignment._id, respondentId } },
    { upsert: true, returnDocument: 'after' },
  ).lean<DraftRecord>();
  return { ok: true, draft: opened(deps.answerVault, draft!), questionnaire };
}

export type DraftStep =
  | { ok: true; draft: Draft; questionnaire: Questionnaire }
  | { ok: false; reason: 'gone' | 'notYours' | 'stale' };

/** Loads a draft for a button tap: it must still exist and belong to the tapping respondent. */
export async function draftForTap(
  deps: AnsweringDeps,
  draftId: string,
  respondentId: Types.ObjectId,
): Promise<DraftStep> {
  const draft = await deps.models.SurveyDraft.findById(draftId)
    .lean<DraftRecord & { respondentId: Types.ObjectId }>()
    .catch(() => null);
  if (!draft) return { ok: false, reason: 'gone' };
  if (!draft.respondentId.equals(respondentId)) return { ok: false, reason: 'notYours' };
  const questionnaire = await loadQuestionnaire(deps.models, draft.assignmentId);
  if (!questionnaire) return { ok: false, reason: 'gone' };
  return { ok: true, draft: opened(deps.answerVault, draft), questionnaire };
}

/**
 * Records an answer to the question at `position` and moves on, in one update: the answer is sealed
 * on its own, so nothing needs reading first. The filter on the expected position makes a double tap
 * or a tap on an old question a no-op (null).
 */
export async function recordAnswer(
  deps: AnsweringDeps,
  step: { draft: Draft; questionnaire: Questionnaire },
  position: number,
  value: number,
): Promise<Draft | null> {
  const { draft, questionnaire } = step;
  const slot = questionnaire.slots[position];
  if (!slot || !questionnaire.survey.answerScale.steps.some((s) => s.value === value)) return null;
  const next = positionAfterAnswer(questionnaire.slots, position, draft.returnToReview);
  const updated = await deps.models.SurveyDraft.findOneAndUpdate(
    { _id: draft._id, position },
    {
      $set: {
        [`answers.${slot.question.id}`]: deps.answerVault.seal(
          value,
          answerContext(draft._id, slot.question.id),
        ),
        position: next,
        ...(next === questionnaire.slots.length ? { returnToReview: false } : {}),
      },
    },
    { returnDocument: 'after' },
  ).lean<DraftRecord>();
  return updated && opened(deps.answerVault, updated);
}

/** Moves to another position if the draft is still at `from` (back, change, continue). */
export async function moveDraft(
  deps: AnsweringDeps,
  draft: Draft,
  from: number,
  to: number,
  extra: Partial<Pick<Draft, 'returnToReview' | 'introShown'>> = {},
): Promise<Draft | null> {
  const updated = await deps.models.SurveyDraft.findOneAndUpdate(
    { _id: draft._id, position: from },
    { $set: { position: to, ...extra } },
    { returnDocument: 'after' },
  ).lean<DraftRecord>();
  return updated && opened(deps.answerVault, updated);
}

/** The questionnaire now lives in this message (its intro, if any, has been shown there). */
export async function attachMessage(deps: AnsweringDeps, draft: Draft, messageId: number): Promise<void> {
  await deps.models.SurveyDraft.updateOne({ _id: draft._id }, { $set: { messageId, introShown: true } });
}

export function changeCompetencyPosition(questionnaire: Questionnaire, competencyIndex: number): number {
  return firstSlotOfCompetency(questionnaire.slots, competencyIndex);
}

/**
 * Submits a complete draft: the questionnaire is sealed whole and waits for the campaign's close
 * (release.ts), the assignment marked done, and the draft — the last link between respondent and
 * answers — deleted. Each step is idempotent, so a crash or a double tap at any point converges: the
 * sealed submission is unique by a keyed fingerprint of the draft's token, which matches nothing in
 * clear; a draft left behind by a crash is cleared by the sweep (sweep.ts).
 */
export async function submitDraft(
  deps: AnsweringDeps,
  step: { draft: Draft; questionnaire: Questionnaire },
): Promise<'submitted' | 'incomplete' | 'closed'> {
  const { models, answerVault } = deps;
  const { draft, questionnaire } = step;
  if (draft.position !== questionnaire.slots.length || !isComplete(questionnaire.slots, draft.answers))
    return 'incomplete';
  if (!(await isLaunched(models, questionnaire))) return 'closed';
  const stored = await models.SurveyDraft.findById(draft._id, { submissionToken: 1 }).lean();
  if (!stored) return 'incomplete';
  const { assignment } = questionnaire;
  const content: SealedContent = {
    targetId: String(assignment.targetId),
    isSelf: assignment.relation === 'self',
    answers: Object.fromEntries(
      questionnaire.slots.map((s) => [s.question.id, draft.answers[s.question.id]!]),
    ),
  };
  const sealed = new models.SurveySealedResponse({
    campaignId: assignment.campaignId,
    submissionMac: answerVault.mac('submission', stored.submissionToken),
    box: '',
  });
  sealed.box = answerVault.seal(content, sealedContext(assignment.campaignId, sealed._id));
  try {
    await sealed.save();
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  await models.SurveyAssignment.updateOne({ _id: assignment._id }, { $set: { done: true } });
  await models.SurveyDraft.deleteOne({ _id: draft._id });
  return 'submitted';
}

async function isLaunched(models: Models, questionnaire: Questionnaire): Promise<boolean> {
  const campaign = await models.SurveyCampaign.findById(questionnaire.assignment.campaignId, {
    state: 1,
  }).lean();
  return campaign?.state === 'launched';
}
