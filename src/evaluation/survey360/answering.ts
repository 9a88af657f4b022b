import { Types } from 'mongoose';
import { type Caches, Memo, type SurveyAssignmentFacts } from '../../cache/index.ts';
import type { Models } from '../../db/models.ts';
import { type CompetencySet, getMethodology, type Survey360Method } from '../../methodology/index.ts';
import { answerAt, type Expected, expectedFilter, type FormStore, moveTo } from '../questions/engine.ts';
import { firstPositionOf, type Group, positionBefore } from '../questions/positions.ts';
import type { AnswerVault } from './answer-vault.ts';
import type { DraftDoc } from './models.ts';
import { flattenQuestions, isComplete, type QuestionSlot } from './questionnaire.ts';

/**
 * The storage of 360 questionnaires in progress: open, record, move, submit. Answers are sealed
 * here and nowhere else, so the flows above see plain answers and the database never does.
 */
export interface AnsweringDeps {
  models: Models;
  answerVault: AnswerVault;
}

/** What answering needs besides storage: the cached facts a questionnaire is made of. */
export interface QuestionnaireDeps extends AnsweringDeps {
  caches: Caches;
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
  /** Who answers about whom (fixed facts: whether it is done is read where it matters). */
  assignment: SurveyAssignmentFacts;
  survey: Survey360Method;
  set: CompetencySet;
  slots: QuestionSlot[];
  /** Each question's competency: the engine's groups. */
  groups: Group[];
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
    answers: lazyAnswers(vault, doc._id, boxes),
  };
}

/**
 * The answers, each opened the first time it is read: a tap shows one question and needs one answer,
 * not all of them (opening costs tens of microseconds per box).
 */
function lazyAnswers(
  vault: AnswerVault,
  draftId: Types.ObjectId,
  boxes: Record<string, string>,
): Readonly<Record<string, number>> {
  const answers: Record<string, number> = {};
  for (const [questionId, box] of Object.entries(boxes)) {
    let value: number | undefined;
    Object.defineProperty(answers, questionId, {
      enumerable: true,
      get: () => {
        value ??= vault.open<number>(box, answerContext(draftId, questionId));
        return value;
      },
    });
  }
  return answers;
}

/** A competency set's questions in order and their groups, computed once per set (methodologies are fixed). */
const questionsOfSet = new WeakMap<CompetencySet, { slots: QuestionSlot[]; groups: Group[] }>();

function questionsOf(set: CompetencySet) {
  let questions = questionsOfSet.get(set);
  if (!questions) {
    const slots = flattenQuestions(set);
    questions = { slots, groups: slots.map((slot) => slot.competencyIndex) };
    questionsOfSet.set(set, questions);
  }
  return questions;
}

/** The questionnaire of an assignment, from cached facts: no command once they are known. */
export async function loadQuestionnaire(
  deps: Pick<QuestionnaireDeps, 'caches'>,
  assignmentId: Types.ObjectId | string,
): Promise<Questionnaire | null> {
  const { caches } = deps;
  const assignment = await caches.surveyAssignment(assignmentId);
  if (!assignment) return null;
  const target = await caches.surveyTarget(assignment.targetId);
  const campaign = await caches.surveyCampaign(assignment.campaignId);
  const survey = campaign && getMethodology(campaign.methodologyId)?.methods.survey360;
  const set = survey?.competencySets.find((s) => s.id === target?.competencySetId);
  if (!target || !campaign || !survey || !set) return null;
  return {
    assignment,
    survey,
    set,
    ...questionsOf(set),
    targetEmployeeId: target.employeeId,
    deadline: campaign.deadline,
  };
}

export type OpenResult =
  | { ok: true; draft: Draft; questionnaire: Questionnaire }
  | { ok: false; reason: 'notYours' | 'done' | 'closed' };

/** Opens (or resumes) the respondent's draft of an assignment of a launched campaign. */
export async function openDraft(
  deps: QuestionnaireDeps,
  assignmentId: string,
  respondentId: Types.ObjectId,
): Promise<OpenResult> {
  const { models } = deps;
  const questionnaire = await loadQuestionnaire(deps, assignmentId);
  if (!questionnaire?.assignment.respondentId.equals(respondentId)) return { ok: false, reason: 'notYours' };
  const done = await models.SurveyAssignment.findById(questionnaire.assignment._id, { done: 1 }).lean();
  if (!done || done.done) return { ok: false, reason: 'done' };
  if (!(await isLaunched(models, questionnaire))) return { ok: false, reason: 'closed' };
  const draft = await models.SurveyDraft.findOneAndUpdate(
    { assignmentId: questionnaire.assignment._id },
    { $setOnInsert: { assignmentId: questionnaire.assignment._id, respondentId } },
    { upsert: true, returnDocument: 'after' },
  ).lean<DraftRecord>();
  return { ok: true, draft: opened(deps.answerVault, draft!), questionnaire };
}

export type DraftStep = { draft: Draft; questionnaire: Questionnaire };

/** A tap on a questionnaire's message: which draft, who tapped, on which message. */
export interface DraftTap {
  draftId: string;
  respondentId: Types.ObjectId;
  messageId: number | undefined;
}

/** The draft lives with its respondent and its live message; answers are sealed per draft and question. */
const FIELDS = {
  owner: 'respondentId',
  position: 'position',
  returning: 'returnToReview',
  liveMessage: 'messageId',
} as const;

/**
 * Every tap is this one update, so it goes to the driver directly: mongoose would build and cast a
 * query each time for a filter and an update whose types are already the stored ones (the draft has
 * no timestamps and no cache note; only its id comes as text, from the button).
 */
function draftStore(deps: AnsweringDeps): FormStore<DraftRecord> {
  return {
    fields: FIELDS,
    apply: async (filter, update) => {
      const id = filter._id;
      if (!(id instanceof Types.ObjectId) && !(typeof id === 'string' && OBJECT_ID.test(id))) return null;
      return deps.models.SurveyDraft.collection.findOneAndUpdate(
        { ...filter, _id: new Types.ObjectId(id) },
        update,
        { returnDocument: 'after' },
      ) as Promise<DraftRecord | null>;
    },
  };
}
const OBJECT_ID = /^[0-9a-f]{24}$/;

const onScreen = (tap: DraftTap) => ({
  id: tap.draftId,
  owner: tap.respondentId,
  messageId: tap.messageId ?? null,
});
const expected = (tap: DraftTap, position: number): Expected => ({ ...onScreen(tap), position });

/**
 * Which assignment a draft answers: fixed for the draft's life (a deleted draft matches no update
 * anyway), so it is kept until it falls out of the memo and an answer tap needs no read to know its
 * question.
 */
const draftAssignments = new WeakMap<Caches, Memo<string, Types.ObjectId | null>>();

async function questionnaireOfDraft(deps: QuestionnaireDeps, draftId: string): Promise<Questionnaire | null> {
  let memo = draftAssignments.get(deps.caches);
  if (!memo) {
    memo = new Memo(deps.caches.stamps, { domains: [] });
    draftAssignments.set(deps.caches, memo);
  }
  const assignmentId = await memo.get(draftId, async () => {
    const draft = await deps.models.SurveyDraft.findById(draftId, { assignmentId: 1 }).lean();
    return draft?.assignmentId ?? null;
  });
  return assignmentId && loadQuestionnaire(deps, assignmentId);
}

function forgetDraft(deps: QuestionnaireDeps, draftId: Types.ObjectId | string): void {
  draftAssignments.get(deps.caches)?.forget(String(draftId));
}

/** The draft on the tapped message, if it is the respondent's and that message is still its live one. */
export async function draftOnScreen(deps: QuestionnaireDeps, tap: DraftTap): Promise<DraftStep | null> {
  const draft = await deps.models.SurveyDraft.findOne(
    expectedFilter(FIELDS, onScreen(tap)),
  ).lean<DraftRecord>();
  return stepOf(deps, draft);
}

async function stepOf(deps: QuestionnaireDeps, draft: DraftRecord | null): Promise<DraftStep | null> {
  if (!draft) return null;
  const questionnaire = await questionnaireOfDraft(deps, String(draft._id));
  return questionnaire && { draft: opened(deps.answerVault, draft), questionnaire };
}

/** Why a tap changed nothing; read only once it has (the hot path never reads before writing). */
export async function whyRefused(
  deps: QuestionnaireDeps,
  tap: DraftTap,
): Promise<'gone' | 'notYours' | 'oldMessage' | 'answered'> {
  const draft = await deps.models.SurveyDraft.findById(tap.draftId, { respondentId: 1, messageId: 1 }).lean();
  if (!draft || !(await questionnaireOfDraft(deps, tap.draftId))) return 'gone';
  if (!draft.respondentId.equals(tap.respondentId)) return 'notYours';
  if (draft.messageId !== tap.messageId) return 'oldMessage';
  return 'answered';
}

/** The respondent's own draft with its answers opened (whatever message it is on). */
export async function draftOf(
  deps: QuestionnaireDeps,
  draftId: string,
  respondentId: Types.ObjectId,
): Promise<DraftStep | null> {
  const draft = await deps.models.SurveyDraft.findOne({ _id: draftId, respondentId }).lean<DraftRecord>();
  return stepOf(deps, draft);
}

/**
 * Records an answer to the question at `position` and moves on: one update, since the answer is
 * sealed on its own and the questionnaire is known. A double tap, a tap on an old question or message,
 * or another person's button matches nothing (null).
 */
export async function recordAnswer(
  deps: QuestionnaireDeps,
  tap: DraftTap,
  position: number,
  value: number,
): Promise<DraftStep | null> {
  const questionnaire = await questionnaireOfDraft(deps, tap.draftId);
  const slot = questionnaire?.slots[position];
  if (!questionnaire || !slot || !questionnaire.survey.answerScale.steps.some((s) => s.value === value))
    return null;
  const box = deps.answerVault.seal(value, answerContext(tap.draftId, slot.question.id));
  const updated = await answerAt(draftStore(deps), questionnaire.groups, expected(tap, position), {
    set: { [`answers.${slot.question.id}`]: box },
  });
  return updated && { draft: opened(deps.answerVault, updated), questionnaire };
}

/** Back to the previous question. */
export async function stepBack(
  deps: QuestionnaireDeps,
  tap: DraftTap,
  position: number,
): Promise<DraftStep | null> {
  const to = positionBefore(position);
  if (to === null) return null;
  return stepOf(deps, await moveTo(draftStore(deps), expected(tap, position), to));
}

/** From the review to a competency's first question; answering its last one returns to the review. */
export async function changeCompetency(
  deps: QuestionnaireDeps,
  tap: DraftTap,
  competencyIndex: number,
): Promise<DraftStep | null> {
  const questionnaire = await questionnaireOfDraft(deps, tap.draftId);
  if (!questionnaire) return null;
  const to = firstPositionOf(questionnaire.groups, competencyIndex);
  if (to < 0) return null;
  const review = questionnaire.slots.length;
  return stepOf(deps, await moveTo(draftStore(deps), expected(tap, review), to, { returning: true }));
}

/** The questionnaire now lives in this message (its intro, if any, has been shown there). */
export async function attachMessage(deps: QuestionnaireDeps, draft: Draft, messageId: number): Promise<void> {
  await deps.models.SurveyDraft.updateOne({ _id: draft._id }, { $set: { messageId, introShown: true } });
}

/** A questionnaire the respondent left (by /cancel): its message, and how far the answers got. */
export interface LeftDraft {
  messageId: number;
  answered: number;
  total: number;
}

/**
 * Leaves the respondent's questionnaires on screen: their messages stop taking taps (the answers stay,
 * and the list reopens them). Writes nothing but the cleared message id, so leaving leaves no trace.
 */
export async function leaveDrafts(
  deps: QuestionnaireDeps,
  respondentId: Types.ObjectId,
): Promise<LeftDraft[]> {
  const { models } = deps;
  const live = await models.SurveyDraft.find(
    { respondentId, messageId: { $ne: null } },
    { assignmentId: 1, messageId: 1, answers: 1 },
  )
    .sort({ _id: 1 })
    .lean();
  const left: LeftDraft[] = [];
  for (const draft of live) {
    const cleared = await models.SurveyDraft.updateOne(
      { _id: draft._id, messageId: draft.messageId },
      { $set: { messageId: null } },
    );
    if (cleared.modifiedCount === 0) continue;
    const questionnaire = await loadQuestionnaire(deps, draft.assignmentId);
    left.push({
      messageId: draft.messageId!,
      answered: Object.keys(draft.answers ?? {}).length,
      total: questionnaire?.slots.length ?? 0,
    });
  }
  return left;
}

/**
 * Submits a complete draft: the questionnaire is sealed whole and waits for the campaign's close
 * (release.ts), the assignment marked done, and the draft — the last link between respondent and
 * answers — deleted. Each step is idempotent, so a crash or a double tap at any point converges: the
 * sealed submission is unique by a keyed fingerprint of the draft's token, which matches nothing in
 * clear; a draft left behind by a crash is cleared by the sweep (sweep.ts).
 */
export async function submitDraft(
  deps: QuestionnaireDeps,
  step: DraftStep,
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
  forgetDraft(deps, draft._id);
  return 'submitted';
}

async function isLaunched(models: Models, questionnaire: Questionnaire): Promise<boolean> {
  const campaign = await models.SurveyCampaign.findById(questionnaire.assignment.campaignId, {
    state: 1,
  }).lean();
  return campaign?.state === 'launched';
}
