import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { pageOf, pagerRow } from '../../src/bot/ui/pages.ts';
import { showPage } from '../../src/bot/ui/reply.ts';
import { mayView, sheetDocument } from '../../src/evaluation/confidentiality.ts';
import { EDITABLE_STATUSES } from '../../src/evaluation/ranking/models.ts';
import {
  agreeSheet,
  askReturnComment,
  returnSheet,
  reviewerOf,
  sheetAwaitingComment,
} from '../../src/evaluation/ranking/review.ts';
import {
  type AnswerInput,
  answerStep,
  correctionWorkingDays,
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
import { notifyEmployee } from '../../src/notifications/notify.ts';
import { answerLines, resultLine } from '../../src/notifications/results/ranking-text.ts';
import { actorOfEmployee } from '../../src/people/access.ts';
import { recordAudit } from '../../src/people/audit.ts';
import type { AppServices } from '../../src/services.ts';
import { changeScreen, confirmScreen, type Person, problemText, type Screen, sheetScreen } from './views.ts';

/**
 * The evaluator's ranking and KPI sheets, question by question. A state machine over the sheet in
 * MongoDB, not a replayed conversation: every answer is written as it is given, each button names the
 * sheet and the step it answers, and the update's filter holds that step, so a restart loses nothing
 * and an old or double tap changes nothing ("already answered").
 */
export const rankingSheet = new Composer<BotContext>();

rankingSheet.command('evaluate', async (ctx) => {
  if (!ctx.employee) {
    await ctx.reply(ctx.t('errors.notLinked'));
    return;
  }
  await showList(ctx);
});

const { sheet: cb, review: reviewCb } = callbacks;

onButton(rankingSheet, [cb.list, cb.listFromNotice], async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.employee) return;
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

async function personOf(services: AppServices, view: SheetView): Promise<Person> {
  const employee = await services.models.Employee.findById(view.sheet.employeeId).lean();
  return { fullName: employee?.fullName ?? '', position: employee?.position ?? '' };
}

async function screenOf(ctx: BotContext, view: SheetView): Promise<Screen> {
  return sheetScreen(ctx.t, ctx.lang, view, await personOf(ctx.services, view));
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
        { $set: { kpis: plan.kpis, step: 0 } },
        { returnDocument: 'after' },
      )) ?? (await models.RankingSheet.findById(sheet._id))!;
  }
  sheet =
    (await models.RankingSheet.findOneAndUpdate(
      { _id: sheet._id },
      {
        $set: {
          shownAt: ctx.services.now(),
          ...(sheet.status === 'pending' ? { status: 'inProgress' } : {}),
        },
      },
      { returnDocument: 'after' },
    )) ?? sheet;
  const opened = await viewOf(models, sheet);
  if (!opened) return alert(ctx, 'ranking:stale.notYours');
  await ctx.answerCallbackQuery();
  const screen = await screenOf(ctx, opened);
  await ctx.reply(screen.text, { reply_markup: screen.reply_markup });
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
      return edit(ctx, changeScreen(ctx.t, ctx.lang, view));
    case 'sheet.goTo': {
      if (step !== summary || !view.steps[tap.target]) return alert(ctx, 'ranking:stale.answered');
      const moved = await moveStep(models, view, step, tap.target, true);
      return moved ? showOnTap(ctx, moved) : alert(ctx, 'ranking:stale.answered');
    }
    case 'sheet.summary':
      await ctx.answerCallbackQuery();
      return edit(ctx, await screenOf(ctx, view));
    case 'sheet.submit':
      if (step !== summary || !resultOf(view)) return alert(ctx, 'ranking:stale.answered');
      await ctx.answerCallbackQuery();
      return edit(ctx, confirmScreen(ctx.t, view, needsSuperiorReview(view)));
    case 'sheet.confirm':
      return submit(ctx, view);
  }
  const outcome = await answerStep(models, view, step, input);
  if (!outcome) return alert(ctx, 'ranking:stale.answered');
  if (!outcome.ok) {
    await ctx.answerCallbackQuery({
      text: problemText(ctx.t, ctx.lang, view, outcome.problem),
      show_alert: true,
    });
    return;
  }
  await showOnTap(ctx, outcome.view);
});

async function showOnTap(ctx: BotContext, view: SheetView): Promise<void> {
  await ctx.answerCallbackQuery();
  await ctx.services.models.RankingSheet.updateOne(
    { _id: view.sheet._id },
    { $set: { shownAt: ctx.services.now() } },
  );
  await edit(ctx, await screenOf(ctx, view));
}

async function submit(ctx: BotContext, view: SheetView): Promise<void> {
  const { models } = ctx.services;
  const reviewer = needsSuperiorReview(view) ? await reviewerOf(models, view.sheet.evaluatorId!) : null;
  const outcome = await submitSheet(models, view, reviewer, ctx.services.now());
  if (!outcome.ok) return alert(ctx, 'ranking:stale.answered');
  await ctx.answerCallbackQuery();
  const person = await personOf(ctx.services, view);
  await edit(ctx, {
    text: ctx.t(outcome.toReview ? 'ranking:submitted.toReview' : 'ranking:submitted.done', {
      name: person.fullName,
    }),
    reply_markup: new InlineKeyboard().text(ctx.t('ranking:buttons.list'), cb.list.build()),
  });
  if (outcome.toReview && reviewer) await notifyReviewer(ctx.services, outcome.view, person);
}

/** Chapter 6: the filled sheet goes to the evaluator's superior, who agrees or sends it back. */
async function notifyReviewer(services: AppServices, view: SheetView, person: Person): Promise<void> {
  const { sheet } = view;
  const { models } = services;
  const reviewer = await models.Employee.findById(sheet.review?.reviewerId).lean();
  if (!reviewer) return;
  // The superior reads the filled sheet: asked of mayView like any view, and audited.
  const document = await sheetDocument(models, sheet, view.methodology.id);
  const decision = mayView(actorOfEmployee(reviewer), document);
  if (!decision.allowed) return;
  const evaluator = await models.Employee.findById(sheet.evaluatorId).lean();
  const result = resultOf(view);
  const id = String(sheet._id);
  await recordAudit(services, {
    telegramId: reviewer.telegramId ?? null,
    employeeId: reviewer._id,
    organisationCode: sheet.organisationCode,
    action: 'results.view',
    details: { kind: 'ranking', sheetId: id, employeeId: String(sheet.employeeId), as: decision.as },
  });
  await notifyEmployee(services, {
    key: `rkReview:${id}:${sheet.review?.rounds ?? 0}`,
    kind: 'rankingReview',
    employeeId: reviewer._id,
    render: (t, lang) => {
      const lines = [
        t('ranking:review.request', {
          evaluator: evaluator?.fullName ?? '',
          name: person.fullName,
          ...periodWords(t, sheet.period),
        }),
        '',
        ...answerLines(t, lang, view, false),
        '',
        resultLine(t, lang, view, result ?? {}),
      ];
      return {
        text: lines.join('\n'),
        reply_markup: new InlineKeyboard()
          .text(t('ranking:buttons.agree'), reviewCb.agree.queued({ sheetId: id }))
          .text(t('ranking:buttons.sendBack'), reviewCb.sendBack.queued({ sheetId: id })),
      };
    },
  });
}

onButton(rankingSheet, [reviewCb.agree, reviewCb.sendBack], async (ctx, { action, sheetId }) => {
  const { models } = ctx.services;
  if (!ctx.employee) return alert(ctx, 'ranking:stale.notYours');
  if (action === 'review.agree') {
    const agreed = await agreeSheet(models, sheetId, ctx.employee._id, ctx.services.now());
    if (!agreed) return alert(ctx, 'ranking:stale.reviewed');
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('ranking:review.agreed'));
    await notifyEmployee(ctx.services, {
      key: `rkAgreed:${sheetId}`,
      kind: 'rankingAgreed',
      employeeId: agreed.evaluatorId!,
      render: (t) => ({
        text: t('ranking:review.agreedNotice', periodWords(t, agreed.period)),
        ackText: t('notices.ackButton'),
      }),
    });
    return;
  }
  const waiting = await askReturnComment(models, sheetId, ctx.employee._id);
  if (!waiting) return alert(ctx, 'ranking:stale.reviewed');
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('ranking:review.askComment'));
});

/** Typed answers: the reviewer's comment first, then the evaluator's open sheet, else the next handler. */
rankingSheet.on('message:text', async (ctx, next) => {
  const text = ctx.message.text;
  if (!ctx.employee || text.startsWith('/')) return next();
  const { models } = ctx.services;
  const waiting = await sheetAwaitingComment(models, ctx.employee._id);
  if (waiting) return sendBack(ctx, waiting._id.toString(), text);
  const sheet = await models.RankingSheet.findOne({
    evaluatorId: ctx.employee._id,
    status: { $in: EDITABLE_STATUSES },
    shownAt: { $ne: null },
  }).sort({ shownAt: -1 });
  const view = sheet && (await viewOf(models, sheet));
  const step = view?.steps[view.sheet.step];
  if (!view || !step || step.kind === 'sanction' || step.kind === 'fulfilled') return next();
  const outcome = await answerStep(models, view, view.sheet.step, { kind: 'text', text });
  if (!outcome) return next();
  if (!outcome.ok) {
    // The refusal, then the same question again.
    await ctx.reply(problemText(ctx.t, ctx.lang, view, outcome.problem));
    const screen = await screenOf(ctx, view);
    await ctx.reply(screen.text, { reply_markup: screen.reply_markup });
    return;
  }
  await models.RankingSheet.updateOne({ _id: view.sheet._id }, { $set: { shownAt: ctx.services.now() } });
  const screen = await screenOf(ctx, outcome.view);
  await ctx.reply(screen.text, { reply_markup: screen.reply_markup });
});

async function sendBack(ctx: BotContext, sheetId: string, comment: string): Promise<void> {
  const { models } = ctx.services;
  const view = await loadSheet(models, sheetId);
  if (!view) return;
  const workingDays = correctionWorkingDays(view);
  const returned = await returnSheet(models, view.sheet, {
    comment: comment.trim().slice(0, 1000),
    workingDays,
    summaryStep: view.steps.length,
    now: ctx.services.now(),
  });
  if (!returned) return;
  await ctx.reply(ctx.t('ranking:review.sentBack'));
  const person = await personOf(ctx.services, view);
  await notifyEmployee(ctx.services, {
    key: `rkReturned:${sheetId}:${returned.review?.rounds ?? 0}`,
    kind: 'rankingReturned',
    employeeId: returned.evaluatorId!,
    render: (t) => ({
      text: t('ranking:review.returnedNotice', {
        name: person.fullName,
        ...periodWords(t, returned.period),
        comment: returned.review?.comment ?? '',
        dueBy: formatDate(returned.review?.dueBy ?? returned.deadline ?? ''),
        days: workingDays,
      }),
      reply_markup: new InlineKeyboard().text(
        t('ranking:buttons.openSheet'),
        cb.openFromNotice.queued({ sheetId }),
      ),
    }),
  });
}

async function edit(ctx: BotContext, screen: Screen): Promise<void> {
  await ctx.editMessageText(screen.text, { reply_markup: screen.reply_markup }).catch((error: unknown) => {
    // Telegram refuses an edit that changes nothing; the screen is already right.
    if (!String(error).includes('message is not modified')) throw error;
  });
}

async function alert(ctx: BotContext, key: string): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t(key) });
}
