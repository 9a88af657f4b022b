import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { InputFlow } from '../../src/bot/input-router.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { openCase } from '../../src/evaluation/calibration/case.ts';
import { routeCase } from '../../src/evaluation/calibration/publish.ts';
import { formatDate } from '../../src/i18n/format.ts';
import { appealWindow, type FileAppealOutcome, fileAppeal } from '../../src/notifications/notices.ts';
import { awaitingInputOf, holdDraft, stopAwaiting } from '../../src/people/awaiting-input.ts';

const MAX_STATEMENT = 3000;
const { appeal: cb } = callbacks;

/**
 * "I disagree": the employee types a free-form statement (an awaiting-input mode, kind
 * `appealStatement`, opened by the notice's button), confirms it, and the calibration request is
 * filed (the window is checked again at filing); HR and the authorised person are told.
 */
export const appeal = new Composer<BotContext>();

export const appealStatementInput: InputFlow = {
  async receive(ctx, awaiting) {
    const statement = ctx.message.text?.trim().slice(0, MAX_STATEMENT);
    if (!statement) {
      await ctx.reply(ctx.t('notices:appeal.textOnly'));
      return;
    }
    const noticeId = awaiting.documentId;
    const held = await holdDraft(
      ctx.services.models,
      ctx.from.id,
      { kind: 'appealStatement', documentId: noticeId },
      statement,
      ctx.services.now(),
    );
    if (!held) {
      await ctx.reply(ctx.t('errors.staleButton'));
      return;
    }
    // Typing again before confirming replaces the statement; the newest confirmation is the one.
    await ctx.reply(ctx.t('notices:appeal.confirm', { statement }), {
      reply_markup: new InlineKeyboard()
        .text(ctx.t('notices:appeal.submitButton'), cb.submit.build({ noticeId }))
        .text(ctx.t('notices:appeal.cancelButton'), cb.cancel.build({ noticeId })),
    });
  },
  async left(ctx, awaiting) {
    const window = await appealWindow(ctx.services, awaiting.documentId, ctx.employee?._id);
    return window.kind === 'open'
      ? ctx.t('cancel.left.appealStatement', { date: formatDate(window.until) })
      : ctx.t('cancel.left.appealStatementClosed');
  },
};

onButton(appeal, cb.submit, async (ctx, { noticeId }) => {
  const { models } = ctx.services;
  const state = await awaitingInputOf(models, ctx.from.id, ctx.services.now());
  const awaiting = state?.awaiting;
  if (
    !state ||
    state.expired ||
    awaiting?.kind !== 'appealStatement' ||
    awaiting.documentId !== noticeId ||
    !awaiting.draft
  )
    return staleConfirmation(ctx);
  // Taking the record is the claim: a double tap files once.
  const claimed = await stopAwaiting(models, ctx.from.id, { kind: 'appealStatement', documentId: noticeId });
  if (!claimed?.draft) return staleConfirmation(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const outcome: FileAppealOutcome = await fileAppeal(ctx.services, {
    noticeId,
    employeeId: String(ctx.employee?._id ?? ''),
    statement: claimed.draft,
  });
  switch (outcome.kind) {
    case 'filed': {
      // The application goes on to the authorised person (the daily job repeats this after a crash).
      const opened = await openCase(ctx.services, outcome.appealId);
      if (opened?.created) await routeCase(ctx.services, opened.case);
      await ctx.reply(
        ctx.t('notices:appeal.filed', {
          decisionBy: formatDate(outcome.decisionBy),
          sessionBy: formatDate(outcome.sessionBy),
        }),
      );
      return;
    }
    case 'closed':
      await ctx.reply(ctx.t('notices:appeal.closed', { date: formatDate(outcome.until) }));
      return;
    case 'exists':
      await ctx.reply(ctx.t('notices:appeal.exists'));
      return;
    default:
      await ctx.reply(ctx.t('errors.staleButton'));
  }
});

onButton(appeal, cb.cancel, async (ctx, { noticeId }) => {
  const stopped = await stopAwaiting(ctx.services.models, ctx.from.id, {
    kind: 'appealStatement',
    documentId: noticeId,
  });
  if (!stopped) return staleConfirmation(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(ctx.t('notices:appeal.cancelled'));
});

/** A confirmation of an appeal no longer being written (sent, cancelled, or replaced by another flow). */
async function staleConfirmation(ctx: BotContext): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t('errors.staleButton') });
}
