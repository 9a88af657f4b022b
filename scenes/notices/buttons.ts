import { Composer, InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { onButton } from '../../src/bot/on-button.ts';
import { formatDate, formatDateTime } from '../../src/i18n/format.ts';
import { acknowledgeNotice, appealWindow, refuseNotice } from '../../src/notifications/notices.ts';
import { awaitInput } from '../../src/people/awaiting-input.ts';

/**
 * The employee's buttons on a result notice: "I have read it" (acknowledgement and the last day to
 * disagree), "I refuse to acknowledge" (Kentau), and "I disagree" (then the statement is typed: appeal.ts).
 */
export const noticeButtons = new Composer<BotContext>();

onButton(noticeButtons, callbacks.notice.acknowledge, async (ctx, { itemId }, next) => {
  const outcome = await acknowledgeNotice(ctx.services, itemId, ctx.employee?._id);
  if (outcome.kind === 'notANotice') return next();
  if (outcome.kind === 'notYours') {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t('notices:ack.toast') });
  const time = formatDateTime(outcome.at);
  // Routes without a calibration request (the commission's) offer no "I disagree" here.
  if (outcome.appealUntil === null) {
    await ctx.reply(ctx.t('notices:ack.doneNoCalibration', { time }));
    return;
  }
  await ctx.reply(ctx.t('notices:ack.done', { time, until: formatDate(outcome.appealUntil) }), {
    reply_markup: new InlineKeyboard().text(
      ctx.t('notices:appealButton'),
      callbacks.notice.appeal.build({ noticeId: outcome.noticeId }),
    ),
  });
});

onButton(noticeButtons, callbacks.notice.refuse, async (ctx, { itemId }, next) => {
  const outcome = await refuseNotice(ctx.services, itemId, ctx.employee?._id);
  if (outcome === 'notANotice') return next();
  if (outcome === 'notYours' || outcome === 'notAllowed') {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.reply(
    ctx.t(outcome === 'refused' ? 'notices:refusal.recorded' : 'notices:refusal.alreadyAcknowledged'),
  );
});

onButton(noticeButtons, callbacks.notice.appeal, async (ctx, { noticeId }) => {
  const window = await appealWindow(ctx.services, noticeId, ctx.employee?._id);
  switch (window.kind) {
    case 'open':
      await ctx.answerCallbackQuery();
      await awaitInput(
        ctx.services.models,
        ctx.from.id,
        { kind: 'appealStatement', documentId: noticeId },
        ctx.services.now(),
      );
      await ctx.reply(ctx.t('notices:appeal.askStatement'));
      return;
    case 'closed':
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t('notices:appeal.closed', { date: formatDate(window.until) }));
      return;
    case 'exists':
      await ctx.answerCallbackQuery({ text: ctx.t('notices:appeal.exists') });
      return;
    default:
      await ctx.answerCallbackQuery({ text: ctx.t('errors.staleButton') });
  }
});
