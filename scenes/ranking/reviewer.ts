import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { openCommissionCase } from '../../src/evaluation/commission/cases.ts';
import { mayView, sheetDocument } from '../../src/evaluation/confidentiality.ts';
import { agreeSheet, returnSheet, sheetUnderReviewBy } from '../../src/evaluation/ranking/review.ts';
import {
  correctionWorkingDays,
  evaluateeOf,
  loadSheet,
  resultOf,
  type SheetView,
} from '../../src/evaluation/ranking/sheet.ts';
import { formatDate, periodWords } from '../../src/i18n/format.ts';
import { notifyEmployee } from '../../src/notifications/notify.ts';
import { answerLines, resultLine } from '../../src/notifications/results/ranking-text.ts';
import { actorOfEmployee } from '../../src/people/access.ts';
import { recordAudit } from '../../src/people/audit.ts';
import { awaitInput, stopAwaiting } from '../../src/people/awaiting-input.ts';
import type { AppServices } from '../../src/services.ts';

/**
 * Chapter 6: the evaluator's superior gets the filled sheet and agrees, or sends it back with a
 * comment (typed next: an awaiting-input mode), and the evaluator corrects it within the working days.
 */
export const reviewer = new Composer<BotContext>();

const { review: cb, sheet: sheetCb } = callbacks;
const MAX_COMMENT = 1000;

/** Sends the superior the review request: the answers, the result, "agree" and "send back". */
export async function requestReview(services: AppServices, view: SheetView): Promise<void> {
  const { sheet } = view;
  const { models } = services;
  const superior = await models.Employee.findById(sheet.review?.reviewerId).lean();
  if (!superior) return;
  // The superior reads the filled sheet: asked of mayView like any view, and audited.
  const document = await sheetDocument(models, sheet, view.methodology.id);
  const decision = mayView(actorOfEmployee(superior), document);
  if (!decision.allowed) return;
  const evaluator = await models.Employee.findById(sheet.evaluatorId).lean();
  const person = await evaluateeOf(models, sheet);
  const result = resultOf(view);
  const sheetId = String(sheet._id);
  await recordAudit(services, {
    telegramId: superior.telegramId ?? null,
    employeeId: superior._id,
    organisationCode: sheet.organisationCode,
    action: 'results.view',
    details: { kind: 'ranking', sheetId, employeeId: String(sheet.employeeId), as: decision.as },
  });
  await notifyEmployee(services, {
    key: `rkReview:${sheetId}:${sheet.review?.rounds ?? 0}`,
    kind: 'rankingReview',
    employeeId: superior._id,
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
          .text(t('ranking:buttons.agree'), cb.agree.queued({ sheetId }))
          .text(t('ranking:buttons.sendBack'), cb.sendBack.queued({ sheetId })),
      };
    },
  });
}

onButton(reviewer, cb.agree, async (ctx, { sheetId }) => {
  if (!ctx.employee) return alert(ctx, 'ranking:stale.notYours');
  const agreed = await agreeSheet(ctx.services.models, sheetId, ctx.employee._id, ctx.services.now());
  if (!agreed) return alert(ctx, 'ranking:stale.reviewed');
  // Agreeing ends a "send back" begun on the same sheet.
  await stopAwaiting(ctx.services.models, ctx.from.id, { kind: 'reviewComment', documentId: sheetId });
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('ranking:review.agreed'));
  // Chapter 6: the agreed sheet now waits for HR to pass it to the Commission.
  await openCommissionCase(ctx.services, sheetId);
  await notifyEmployee(ctx.services, {
    key: `rkAgreed:${sheetId}`,
    kind: 'rankingAgreed',
    employeeId: agreed.evaluatorId!,
    render: (t) => ({
      text: t('ranking:review.agreedNotice', periodWords(t, agreed.period)),
      ackText: t('notices.ackButton'),
    }),
  });
});

/** "Send back": the reviewer's next message is the comment. */
onButton(reviewer, cb.sendBack, async (ctx, { sheetId }) => {
  if (!ctx.employee) return alert(ctx, 'ranking:stale.notYours');
  const sheet = await sheetUnderReviewBy(ctx.services.models, sheetId, ctx.employee._id);
  if (!sheet) return alert(ctx, 'ranking:stale.reviewed');
  await awaitInput(
    ctx.services.models,
    ctx.from.id,
    { kind: 'reviewComment', documentId: sheetId },
    ctx.services.now(),
  );
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('ranking:review.askComment'));
});

/** The comment typed after "send back": the sheet returns to the evaluator with it. */
export const reviewCommentInput: InputFlow = {
  async receive(ctx, awaiting) {
    const comment = ctx.message.text?.trim().slice(0, MAX_COMMENT);
    if (!comment) {
      await ctx.reply(ctx.t('ranking:review.commentAsText'));
      return;
    }
    const { models } = ctx.services;
    const sheetId = awaiting.documentId;
    const view = await loadSheet(models, sheetId);
    const returned =
      view &&
      ctx.employee &&
      (await returnSheet(models, view.sheet, {
        reviewerId: ctx.employee._id,
        comment,
        workingDays: correctionWorkingDays(view),
        summaryStep: view.steps.length,
        now: ctx.services.now(),
      }));
    await stopAwaiting(models, ctx.from.id, awaiting);
    if (!view || !returned) {
      await ctx.reply(ctx.t('ranking:stale.reviewed'));
      return;
    }
    await ctx.reply(ctx.t('ranking:review.sentBack'));
    const person = await evaluateeOf(models, view.sheet);
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
          days: correctionWorkingDays(view),
        }),
        reply_markup: new InlineKeyboard().text(
          t('ranking:buttons.openSheet'),
          sheetCb.openFromNotice.queued({ sheetId }),
        ),
      }),
    });
  },
  async left(ctx, awaiting) {
    const person = await evaluateeOf(ctx.services.models, awaiting.documentId);
    return ctx.t('cancel.left.reviewComment', { name: person.fullName });
  },
};

async function alert(ctx: BotContext, key: string): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t(key) });
}
