import type { Context, MiddlewareFn } from 'grammy';
import type { AppServices } from '../services.ts';

/**
 * The bot works in private chats only: evaluations, results and HR work are personal, and a group
 * would show them to everyone in it. In a group, supergroup or channel it answers a command, a
 * mention or its own arrival with one line in both languages, and does nothing else (no account,
 * no flow, no lookup).
 */
export function privateChatsOnly(services: AppServices): MiddlewareFn<Context> {
  const line = () =>
    (['kk', 'ru'] as const)
      .map((lang) => services.translator.forLanguage(lang)('errors.privateChatOnly'))
      .join(' / ');
  return async (ctx, next) => {
    const type = ctx.chat?.type ?? ctx.callbackQuery?.message?.chat.type;
    if (type === undefined || type === 'private') return next();
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: line(), show_alert: true });
      return;
    }
    const post = ctx.message ?? ctx.channelPost;
    const addressed = post?.entities?.some((e) => e.type === 'bot_command' || e.type === 'mention') ?? false;
    const joined =
      ctx.myChatMember && ['member', 'administrator'].includes(ctx.myChatMember.new_chat_member.status);
    if ((addressed || joined) && ctx.chat) await ctx.api.sendMessage(ctx.chat.id, line());
  };
}
