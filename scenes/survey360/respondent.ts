import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { Leaver } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { showPage } from '../../src/bot/ui/reply.ts';
import { editScreen, refuseTap, replyScreen, type Screen } from '../../src/bot/ui/screen.ts';
import {
  attachMessage,
  changeCompetency,
  type Draft,
  type DraftStep,
  type DraftTap,
  draftOnScreen,
  leaveDrafts,
  openDraft,
  type Questionnaire,
  recordAnswer,
  stepBack,
  submitDraft,
  whyRefused,
} from '../../src/evaluation/survey360/answering.ts';
import { nameForButton } from '../../src/i18n/format.ts';
import { stopAwaiting } from '../../src/people/awaiting-input.ts';
import { renderResult360 } from './results.ts';
import { changeScreen, confirmScreen, introScreen, questionScreen, reviewScreen } from './views.ts';

/**
 * The respondent's 360 questionnaire, question by question in one edited message.
 * It is a state machine over the draft in MongoDB rather than a replayed conversation: each tap names
 * the draft and the question it answers, and is applied only if the draft is still at that question.
 * That makes stop/continue and restarts lossless, double taps harmless, and keeps answers out of any
 * replay log (which would be keyed by chat and tie answers to a person).
 */
export const survey360 = new Composer<BotContext>();

survey360.command('survey', async (ctx) => {
  if (!ctx.employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  await showList(ctx);
});

// The invitation's button is an outbox button, so a tap on it also proves delivery.
onButton(survey360, [callbacks.survey.list, callbacks.survey.listFromNotice], async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  await showList(ctx);
});

/** The list's pager. */
onButton(survey360, callbacks.survey.listPage, async (ctx, { page }) => {
  await ctx.answerCallbackQuery();
  if (!ctx.employee) return;
  await showList(ctx, page, true);
});

/** Questionnaires on one page of the respondent's list (a head answers for a whole unit). */
const ASSIGNMENTS_PER_PAGE = 10;

async function showList(ctx: BotContext, page = 0, fromPager = false): Promise<void> {
  const { models } = ctx.services;
  // Sorted explicitly: the keyboard keeps its order, and "the" campaign is the latest one launched.
  const assignments = await models.SurveyAssignment.find({ respondentId: ctx.employee!._id })
    .sort({ _id: 1 })
    .lean();
  const campaign = await models.SurveyCampaign.findOne({
    _id: { $in: assignments.map((a) => a.campaignId) },
    state: 'launched',
  })
    .sort({ year: -1, createdAt: -1, _id: -1 })
    .lean();
  if (!campaign) {
    await ctx.reply(ctx.t('survey360:list.none'));
    return;
  }
  const mine = assignments.filter((a) => a.campaignId.equals(campaign._id));
  const shown = pageOf(mine, page, ASSIGNMENTS_PER_PAGE);
  const targets = await models.SurveyTarget.find({ _id: { $in: shown.items.map((a) => a.targetId) } }).lean();
  const people = await models.Employee.find(
    { _id: { $in: targets.map((t) => t.employeeId) } },
    { fullName: 1 },
  ).lean();
  const nameOf = (targetId: unknown) => {
    const target = targets.find((t) => t._id.equals(String(targetId)));
    return people.find((p) => target && p._id.equals(target.employeeId))?.fullName ?? '';
  };
  const keyboard = new InlineKeyboard();
  for (const assignment of shown.items) {
    const label =
      assignment.relation === 'self'
        ? ctx.t('survey360:list.self')
        : nameForButton(nameOf(assignment.targetId), 36);
    keyboard
      .text(
        `${assignment.done ? '✅ ' : ''}${label}`,
        callbacks.survey.open.build({ assignmentId: String(assignment._id) }),
      )
      .row();
  }
  const allDone = mine.every((a) => a.done);
  const text = allDone
    ? ctx.t('survey360:list.allDone')
    : ctx.t('survey360:list.title', { year: campaign.year });
  const pager = pagerRow(shown, (p) => callbacks.survey.listPage.build({ page: p }));
  if (pager.length > 0) keyboard.row(...pager);
  await showPage(ctx, text, keyboard, fromPager);
}

onButton(survey360, callbacks.survey.open, async (ctx, { assignmentId }) => {
  if (!ctx.employee) return refuse(ctx, 'survey360:stale.notYours');
  const opened = await openDraft(ctx.services, assignmentId, ctx.employee._id);
  if (!opened.ok) return refuse(ctx, `survey360:stale.${opened.reason}`);
  await ctx.answerCallbackQuery();
  // Starting the questionnaire ends any typed-input mode: what is typed now is no one's answer.
  await stopAwaiting(ctx.services.models, ctx.from.id);
  // A new message becomes the questionnaire's only live message; older ones turn stale.
  const sent = await replyScreen(ctx, await screenFor(ctx, opened.questionnaire, opened.draft));
  await attachMessage(ctx.services, opened.draft, sent.message_id);
});

const { survey: s3 } = callbacks;
const TAPS = [
  s3.answer,
  s3.back,
  s3.later,
  s3.go,
  s3.change,
  s3.changeCompetency,
  s3.submit,
  s3.confirm,
  s3.review,
] as const;

onButton(survey360, TAPS, async (ctx, tap) => {
  if (!ctx.employee) return refuse(ctx, 'survey360:stale.notYours');
  const store = ctx.services;
  const on: DraftTap = {
    draftId: tap.draftId,
    respondentId: ctx.employee._id,
    messageId: ctx.callbackQuery.message?.message_id,
  };
  // Answer, back and change are one update on the expected position; the rest read the draft on screen.
  let step: DraftStep | null;
  switch (tap.action) {
    case 'survey.answer':
      step = await recordAnswer(store, on, tap.position, tap.value);
      break;
    case 'survey.back':
      step = await stepBack(store, on, tap.position);
      break;
    case 'survey.changeCompetency':
      step = await changeCompetency(store, on, tap.competency);
      break;
    default:
      step = await draftOnScreen(store, on);
  }
  if (!step) return refuse(ctx, STALE[await whyRefused(store, on)]);
  switch (tap.action) {
    case 'survey.later':
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t('survey360:paused'));
      return;
    case 'survey.change':
      await ctx.answerCallbackQuery();
      return editScreen(ctx, changeScreen(ctx.t, ctx.lang, step.questionnaire, step.draft));
    case 'survey.submit':
      await ctx.answerCallbackQuery();
      return editScreen(ctx, confirmScreen(ctx.t, step.draft));
    case 'survey.confirm':
      return submit(ctx, step);
  }
  // The tap's answer and the next screen go out side by side: one round trip to Telegram, not two.
  // The answer only stops the button's spinner: when it fails (a query too old after a backlog),
  // the recorded answer and its next screen stand, with no error reply.
  const answered = ctx.answerCallbackQuery().catch((error: unknown) => {
    ctx.services.logger.warn({ err: error }, 'tap answer failed');
  });
  const screen = screenFor(ctx, step.questionnaire, step.draft);
  await Promise.all([answered, screen.then((next) => editScreen(ctx, next))]);
});

/** What a refused tap says, by why it changed nothing. */
const STALE = {
  gone: 'survey360:stale.done',
  notYours: 'survey360:stale.notYours',
  oldMessage: 'survey360:stale.oldMessage',
  answered: 'survey360:stale.answered',
} as const;

/**
 * /cancel mid-questionnaire: the questionnaire's message turns into "paused" and takes no more taps;
 * the answers given stay, and /survey continues where they stopped.
 */
export const leaveQuestionnaire: Leaver = async (ctx) => {
  if (!ctx.employee || !ctx.chat) return null;
  const left = await leaveDrafts(ctx.services, ctx.employee._id);
  for (const draft of left)
    await ctx.api.editMessageText(ctx.chat.id, draft.messageId, ctx.t('survey360:paused')).catch(() => {
      // The message may be gone or too old to edit; its taps are stale either way.
    });
  const [first] = left;
  return first ? ctx.t('cancel.left.survey', { answered: first.answered, total: first.total }) : null;
};

async function submit(ctx: BotContext, step: DraftStep): Promise<void> {
  const outcome = await submitDraft(ctx.services, step);
  if (outcome === 'closed') return refuse(ctx, 'survey360:stale.closed');
  if (outcome === 'incomplete') return refuse(ctx, 'survey360:stale.answered');
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('survey360:submitted'));
  await showList(ctx);
}

async function screenFor(ctx: BotContext, questionnaire: Questionnaire, draft: Draft): Promise<Screen> {
  if (!draft.introShown && questionnaire.survey.intro)
    return introScreen(ctx.t, ctx.lang, questionnaire, draft);
  const name = await ctx.services.caches.employeeName(questionnaire.targetEmployeeId);
  if (draft.position >= questionnaire.slots.length)
    return reviewScreen(ctx.t, ctx.lang, questionnaire, draft, name);
  return questionScreen(ctx.t, ctx.lang, questionnaire, draft, name);
}

const refuse = (ctx: BotContext, key: string) => refuseTap(ctx, ctx.t(key));

survey360.command('results', async (ctx) => {
  if (!ctx.employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  const targets = await ctx.services.models.SurveyTarget.find({
    employeeId: ctx.employee._id,
    result: { $ne: null },
  }).lean();
  if (targets.length === 0) {
    await ctx.reply(ctx.t('survey360:result.none'));
    return;
  }
  for (const target of targets) await renderResult360(ctx, String(target._id));
});
