import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { showPage } from '../../src/bot/ui/reply.ts';
import { editScreen, refuseTap, replyScreen, type Screen } from '../../src/bot/ui/screen.ts';
import { sheetKpisOf } from '../../src/evaluation/kpi-plan/sheet-kpis.ts';
import { EDITABLE_STATUSES } from '../../src/evaluation/ranking/models.ts';
import { reviewerOf } from '../../src/evaluation/ranking/review.ts';
import {
  type AnswerInput,
  answerStep,
  evaluateeOf,
  loadSheet,
  moveStep,
  needsSuperiorReview,
  resultOf,
  SANCTION_CHOICES,
  type SheetView,
  submitSheet,
  viewOf,
} from '../../src/evaluation/ranking/sheet.ts';
import { formatDate, nameForButton, periodWords } from '../../src/i18n/format.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import { requestReview } from './reviewer.ts';
import { changeScreen, confirmScreen, problemText, sheetScreen } from './views.ts';

/**
 * The evaluator's ranking and KPI sheets, question by question. A state machine over the sheet in
 * MongoDB, not a replayed conversation: every answer is written as it is given, each button names the
 * sheet and the step it answers, and the update's filter holds that step, so a restart loses nothing
 * and an old or double tap changes nothing ("already answered"). The sheet on screen is the account's
 * awaiting-input record (kind `sheet`, its step), so a typed score or justification goes to that
 * sheet and that step only.
 */
export const rankingSheet = new Composer<BotContext>();

rankingSheet.command('evaluate', async (ctx) => {
  if (!ctx.employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  await showList(ctx);
});

const { sheet: cb } = callbacks;

onButton(rankingSheet, [cb.list, cb.listFromNotice], async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.employee) return;
  // Back at the list: no sheet is on screen any more.
  await stopAwaiting(ctx.services.models, ctx.from.id, { kind: 'sheet' });
  await showList(ctx);
});

const STATUS_ICON: Record<string, string> = {
  pending: '⬜',
  inProgress: '✏️',
  submitted: '✅',
  underReview: '⏳',
  returned: '↩️',
  agreed: '✅',
  notEvaluated: '➖',
};

/** The list's pager. */
onButton(rankingSheet, callbacks.sheet.listPage, async (ctx, { page }) => {
  await ctx.answerCallbackQuery();
  if (!ctx.employee) return;
  await showList(ctx, page, true);
});

/** Sheets on one page of the evaluator's list (a head of a large unit has dozens). */
const SHEETS_PER_PAGE = 10;

async function showList(ctx: BotContext, page = 0, fromPager = false): Promise<void> {
  const { models } = ctx.services;
  const open = await models.RankingCampaign.find({ state: 'open' }, { _id: 1 }).lean();
  const sheets = await models.RankingSheet.find({
    evaluatorId: ctx.employee!._id,
    campaignId: { $in: open.map((c) => c._id) },
  })
    .sort({ period: 1, _id: 1 })
    .lean();
  if (sheets.length === 0) {
    await ctx.reply(ctx.t('ranking:list.none'));
    return;
  }
  const shown = pageOf(sheets, page, SHEETS_PER_PAGE);
  const people = await models.Employee.find(
    { _id: { $in: shown.items.map((s) => s.employeeId) } },
    { fullName: 1 },
  ).lean();
  const names = new Map(people.map((p) => [String(p._id), p.fullName]));
  const nameOf = (id: unknown) => names.get(String(id)) ?? '';
  const keyboard = new InlineKeyboard();
  const lines = [ctx.t('ranking:list.title')];
  for (const sheet of shown.items) {
    const status = ctx.t(`ranking:statuses.${sheet.status}`);
    const kind = ctx.t(`ranking:kinds.${sheet.kind}`);
    if (sheet.status === 'notEvaluated') {
      lines.push(
        ctx.t('ranking:list.notEvaluated', {
          name: nameOf(sheet.employeeId),
          ...periodWords(ctx.t, sheet.period),
          reason: ctx.t(`ranking:reasons.${sheet.reason}`),
        }),
      );
      continue;
    }
    const extra =
      sheet.participation === 'withoutParticipation'
        ? ` · ${ctx.t('ranking:list.withoutParticipation')}`
        : '';
    lines.push(
      ctx.t(sheet.deadline ? 'ranking:list.line' : 'ranking:list.lineAfterReturn', {
        icon: STATUS_ICON[sheet.status] ?? '',
        name: nameOf(sheet.employeeId),
        kind,
        ...periodWords(ctx.t, sheet.period),
        status: `${status}${extra}`,
        deadline: sheet.deadline ? formatDate(sheet.deadline) : '',
      }),
    );
    keyboard
      .text(
        `${STATUS_ICON[sheet.status] ?? ''} ${nameForButton(nameOf(sheet.employeeId), 20)} · ${ctx.t(`ranking:kindsShort.${sheet.kind}`)}`,
        cb.open.build({ sheetId: String(sheet._id) }),
      )
      .row();
  }
  const pager = pagerRow(shown, (p) => callbacks.sheet.listPage.build({ page: p }));
  if (pager.length > 0) keyboard.row(...pager);
  await showPage(ctx, lines.join('\n'), keyboard, fromPager);
}

async function screenOf(ctx: BotContext, view: SheetView): Promise<Screen> {
  return sheetScreen(ctx.t, ctx.lang, view, await evaluateeOf(ctx.services.models, view.sheet));
}

/** This sheet, at this step, is on the evaluator's screen: typed input goes to it (and nowhere else). */
async function onScreen(ctx: BotContext, view: SheetView): Promise<void> {
  await awaitInput(
    ctx.services.models,
    ctx.from!.id,
    { kind: 'sheet', documentId: String(view.sheet._id), step: view.sheet.step },
    ctx.services.now(),
  );
}

/** Opens a sheet (from the list or a notice): copies the work plan into a KPI sheet, then shows the step. */
onButton(rankingSheet, [cb.open, cb.openFromNotice], async (ctx, { sheetId }) => {
  const { models } = ctx.services;
  const view = await loadSheet(models, sheetId);
  if (!view || !ctx.employee || !view.sheet.evaluatorId?.equals(ctx.employee._id))
    return alert(ctx, 'ranking:stale.notYours');
  if (!EDITABLE_STATUSES.includes(view.sheet.status)) return alert(ctx, `ranking:stale.${view.sheet.status}`);
  let sheet = view.sheet;
  if (sheet.kind === 'kpi' && sheet.kpis.length === 0) {
    const plan = await models.KpiPlan.findOne({ employeeId: sheet.employeeId, period: sheet.period }).lean();
    if (!plan || plan.kpis.length === 0) return alert(ctx, 'ranking:stale.noPlan');
    sheet =
      (await models.RankingSheet.findOneAndUpdate(
        { _id: sheet._id, 'kpis.0': { $exists: false } },
        { $set: { kpis: view.kpiMethod ? sheetKpisOf(plan.kpis, view.kpiMethod) : plan.kpis, step: 0 } },
        { returnDocument: 'after' },
      )) ?? (await models.RankingSheet.findById(sheet._id))!;
  }
  if (sheet.status === 'pending')
    sheet =
      (await models.RankingSheet.findOneAndUpdate(
        { _id: sheet._id, status: 'pending' },
        { $set: { status: 'inProgress' } },
        { returnDocument: 'after' },
      )) ?? (await models.RankingSheet.findById(sheet._id))!;
  const opened = await viewOf(models, sheet);
  if (!opened) return alert(ctx, 'ranking:stale.notYours');
  await ctx.answerCallbackQuery();
  await onScreen(ctx, opened);
  await replyScreen(ctx, await screenOf(ctx, opened));
});

const TAPS = [
  cb.value,
  cb.skip,
  cb.sanction,
  cb.fulfilled,
  cb.back,
  cb.change,
  cb.goTo,
  cb.summary,
  cb.submit,
  cb.confirm,
] as const;

onButton(rankingSheet, TAPS, async (ctx, tap) => {
  const { models } = ctx.services;
  const view = await loadSheet(models, tap.sheetId);
  if (!view || !ctx.employee || !view.sheet.evaluatorId?.equals(ctx.employee._id))
    return alert(ctx, 'ranking:stale.notYours');
  const { step } = tap;
  if (!EDITABLE_STATUSES.includes(view.sheet.status) || view.sheet.step !== step)
    return alert(ctx, 'ranking:stale.answered');
  const summary = view.steps.length;
  let input: AnswerInput | null = null;
  switch (tap.action) {
    case 'sheet.value':
      input = { kind: 'value', value: tap.value };
      break;
    case 'sheet.skip':
      input = { kind: 'skip' };
      break;
    case 'sheet.sanction': {
      const choice = SANCTION_CHOICES[tap.choice];
      if (!choice) return alert(ctx, 'ranking:stale.answered');
      input = { kind: 'sanction', value: choice };
      break;
    }
    case 'sheet.fulfilled':
      input = { kind: 'fulfilled', value: tap.fulfilled };
      break;
    case 'sheet.back': {
      const moved = await moveStep(models, view, step, step - 1, false);
      return moved ? showOnTap(ctx, moved) : alert(ctx, 'ranking:stale.answered');
    }
    case 'sheet.change':
      if (step !== summary) return alert(ctx, 'ranking:stale.answered');
      await ctx.answerCallbackQuery();
      await onScreen(ctx, view);
      return editScreen(ctx, changeScreen(ctx.t, ctx.lang, view));
    case 'sheet.goTo': {
      if (step !== summary || !view.steps[tap.target]) return alert(ctx, 'ranking:stale.answered');
      const moved = await moveStep(models, view, step, tap.target, true);
      return moved ? showOnTap(ctx, moved) : alert(ctx, 'ranking:stale.answered');
    }
    case 'sheet.summary':
      await ctx.answerCallbackQuery();
      await onScreen(ctx, view);
      return editScreen(ctx, await screenOf(ctx, view));
    case 'sheet.submit':
      if (step !== summary || !resultOf(view)) return alert(ctx, 'ranking:stale.answered');
      await ctx.answerCallbackQuery();
      await onScreen(ctx, view);
      return editScreen(ctx, confirmScreen(ctx.t, view, needsSuperiorReview(view)));
    case 'sheet.confirm':
      return submit(ctx, view);
  }
  const outcome = await answerStep(models, view, step, input);
  if (!outcome) return alert(ctx, 'ranking:stale.answered');
  if (!outcome.ok) {
    return refuseTap(ctx, problemText(ctx.t, ctx.lang, view, outcome.problem), { alert: true });
  }
  await showOnTap(ctx, outcome.view);
});

async function showOnTap(ctx: BotContext, view: SheetView): Promise<void> {
  await ctx.answerCallbackQuery();
  await onScreen(ctx, view);
  await editScreen(ctx, await screenOf(ctx, view));
}

async function submit(ctx: BotContext, view: SheetView): Promise<void> {
  const { models } = ctx.services;
  const reviewerId = needsSuperiorReview(view) ? await reviewerOf(models, view.sheet.evaluatorId!) : null;
  const outcome = await submitSheet(models, view, reviewerId, ctx.services.now());
  if (!outcome.ok) return alert(ctx, 'ranking:stale.answered');
  await stopAwaiting(models, ctx.from!.id, { kind: 'sheet', documentId: String(view.sheet._id) });
  await ctx.answerCallbackQuery();
  const person = await evaluateeOf(models, view.sheet);
  await editScreen(ctx, {
    text: ctx.t(outcome.toReview ? 'ranking:submitted.toReview' : 'ranking:submitted.done', {
      name: person.fullName,
    }),
    reply_markup: new InlineKeyboard().text(ctx.t('ranking:buttons.list'), cb.list.build()),
  });
  if (outcome.toReview && reviewerId) await requestReview(ctx.services, outcome.view);
}

/** A typed answer to the sheet on screen, at the step it shows; and what /cancel says when it leaves it. */
export const sheetInput: InputFlow = {
  async receive(ctx, awaiting) {
    const { models } = ctx.services;
    const view = await loadSheet(models, awaiting.documentId);
    if (!view || !ctx.employee || !view.sheet.evaluatorId?.equals(ctx.employee._id)) {
      await stopAwaiting(models, ctx.from.id, awaiting);
      await ctx.reply(ctx.t('ranking:stale.notYours'));
      return;
    }
    if (!EDITABLE_STATUSES.includes(view.sheet.status)) {
      await stopAwaiting(models, ctx.from.id, awaiting);
      await ctx.reply(ctx.t(`ranking:stale.${view.sheet.status}`));
      return;
    }
    const text = ctx.message.text;
    const step = view.steps[view.sheet.step];
    if (view.sheet.step !== awaiting.step) {
      // The sheet moved on elsewhere (another device): nothing is written; its current step again.
      await ctx.reply(ctx.t('ranking:stale.answered'));
      return showAgain(ctx, view);
    }
    if (text === undefined || !step || step.kind === 'sanction' || step.kind === 'fulfilled') {
      await ctx.reply(ctx.t('input.useButtons'));
      return;
    }
    const outcome = await answerStep(models, view, view.sheet.step, { kind: 'text', text });
    if (!outcome) {
      await ctx.reply(ctx.t('ranking:stale.answered'));
      return showAgain(ctx, (await loadSheet(models, awaiting.documentId)) ?? view);
    }
    if (!outcome.ok) {
      // The refusal, then the same question again.
      await ctx.reply(problemText(ctx.t, ctx.lang, view, outcome.problem));
      return showAgain(ctx, view);
    }
    await showAgain(ctx, outcome.view);
  },
  async left(ctx, awaiting) {
    const person = await evaluateeOf(ctx.services.models, awaiting.documentId);
    return ctx.t('cancel.left.sheet', { name: person.fullName });
  },
};

/** The sheet's current step as a new message (after a typed answer), and on screen from now. */
async function showAgain(ctx: BotContext, view: SheetView): Promise<void> {
  await onScreen(ctx, view);
  await replyScreen(ctx, await screenOf(ctx, view));
}

const alert = (ctx: BotContext, key: string) => refuseTap(ctx, ctx.t(key));
