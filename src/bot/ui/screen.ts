import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';

/** One screen of a flow: its text and its buttons. */
export interface Screen {
  text: string;
  reply_markup: InlineKeyboardMarkup;
}

/** Shows the screen in place of the tapped message. */
export async function editScreen(
  ctx: Context,
  screen: { text: string; reply_markup?: InlineKeyboardMarkup },
) {
  await ctx
    .editMessageText(screen.text, screen.reply_markup ? { reply_markup: screen.reply_markup } : {})
    .catch((error: unknown) => {
      // Telegram refuses an edit that changes nothing; the screen is already right.
      if (!String(error).includes('message is not modified')) throw error;
    });
}

/** Shows the screen as a new message. */
export function replyScreen(ctx: Context, screen: Screen) {
  return ctx.reply(screen.text, { reply_markup: screen.reply_markup });
}

/** Answers a tap that changed nothing with why, as a short notice over the chat. */
export async function refuseTap(
  ctx: Context,
  text: string,
  options: { alert?: boolean } = {},
): Promise<void> {
  await ctx.answerCallbackQuery({ text, ...(options.alert ? { show_alert: true } : {}) });
}
