import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../../src/bot/context.ts';
import { formatDate, formatDateTime } from '../../src/i18n/format.ts';
import {
  acknowledgeNotice,
  appealWindow,
  NOTICE_ACK,
  NOTICE_REFUSE,
  refuseNotice,
} from '../../src/notifications/notices.ts';

/**
 * The employee's buttons on a result notice: "I have read it" (acknowledgement and the last day to
 * disagree), "I refuse to acknowledge" (Kentau), and "I disagree" (opens the appeal conversation).
 */
export const noticeButtons = new Composer<BotContext>();

noticeButtons.callbackQuery(new RegExp(`^ob:([0-9a-f]{24}):${NOTICE_ACK}$`), async (ctx, next) => {
  const outcome = await acknowledgeNotice(ctx.services, ctx.match[1]!, ctx.employee?._id);
  if (outcome.kind === 'notANotice') return next();
  if (outcome.kind === 'notYours') {
    await ctx.answerCallbackQuery({ text: ctx.t('errors.notAllowed') });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t('notices:ack.toast') });
  await ctx.reply(
    ctx.t('notices:ack.done', {
      time: formatDateTime(outcome.at),
      until: formatDate(outcome.appealUntil),
    }),
    {
      reply_markup: new InlineKeyboard().text(
        ctx.t('notices:appealButton'),
        `ntc:appeal:${outcome.noticeId}`,
      ),
    },
  );
});

noticeButtons.callbackQuery(new RegExp(`^ob:([0-9a-f]{24}):${NOTICE_REFUSE}$`), async (ctx, next) => {
  const outcome = await refuseNotice(ctx.services, ctx.match[1]!, ctx.employee?._id);
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

noticeButtons.callbackQuery(/^ntc:appeal:([0-9a-f]{24})$/, async (ctx) => {
  const window = await appealWindow(ctx.services, ctx.match[1]!, ctx.employee?._id);
  switch (window.kind) {
    case 'open':
      await ctx.answerCallbackQuery();
      await ctx.conversation.enter('appeal', ctx.match[1]!);
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
