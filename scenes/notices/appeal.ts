import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import { callbacks } from '../../src/bot/callback-data.ts';
import type { BotContext, FlowContext } from '../../src/bot/context.ts';
import { formatDate } from '../../src/i18n/format.ts';
import { type FileAppealOutcome, fileAppeal } from '../../src/notifications/notices.ts';

const MAX_STATEMENT = 3000;

/**
 * "I disagree": a free-form statement, a confirmation, then the calibration request is filed
 * (the window is checked again at filing) and HR and the authorised person are told.
 */
export async function appeal(
  conversation: Conversation<BotContext, FlowContext>,
  ctx: FlowContext,
  noticeId: string,
) {
  await ctx.reply(ctx.t('notices:appeal.askStatement'));
  let statement = '';
  let last: FlowContext = ctx;
  while (!statement) {
    const reply = await conversation.waitFor('message:text', {
      otherwise: (other) => hint(other, 'notices:appeal.textOnly'),
    });
    last = reply;
    const text = reply.message.text.trim();
    if (text.startsWith('/')) {
      await reply.reply(reply.t('notices:appeal.textOnly'));
      continue;
    }
    statement = text.slice(0, MAX_STATEMENT);
  }
  await last.reply(last.t('notices:appeal.confirm', { statement }), {
    reply_markup: new InlineKeyboard()
      .text(last.t('notices:appeal.submitButton'), callbacks.appeal.submit.build())
      .text(last.t('notices:appeal.cancelButton'), callbacks.appeal.cancel.build()),
  });
  const choice = await conversation.waitForCallbackQuery(
    [callbacks.appeal.submit.pattern, callbacks.appeal.cancel.pattern],
    {
      otherwise: (other) => hint(other, 'notices:appeal.useButtons'),
    },
  );
  await choice.answerCallbackQuery();
  if (callbacks.appeal.cancel.parse(choice.callbackQuery.data)) {
    await choice.reply(choice.t('notices:appeal.cancelled'));
    return;
  }
  const employeeId = String(choice.employee?._id ?? '');
  const outcome: FileAppealOutcome = await conversation.external((outer) =>
    fileAppeal(outer.services, { noticeId, employeeId, statement }),
  );
  switch (outcome.kind) {
    case 'filed':
      await choice.reply(
        choice.t('notices:appeal.filed', {
          decisionBy: formatDate(outcome.decisionBy),
          sessionBy: formatDate(outcome.sessionBy),
        }),
      );
      return;
    case 'closed':
      await choice.reply(choice.t('notices:appeal.closed', { date: formatDate(outcome.until) }));
      return;
    case 'exists':
      await choice.reply(choice.t('notices:appeal.exists'));
      return;
    default:
      await choice.reply(choice.t('errors.staleButton'));
  }
}

/** Input the flow is not waiting for: a tapped button gets its spinner answered with the hint. */
async function hint(ctx: FlowContext, key: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(key) });
  else await ctx.reply(ctx.t(key));
}
