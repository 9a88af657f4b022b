import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { splitText } from './limits.ts';
import { editScreen } from './screen.ts';

/**
 * Sends a text of any length as consecutive messages split at line boundaries; the keyboard goes
 * under the last one, where the list ends.
 */
export async function replyLong(
  ctx: Context,
  text: string,
  options: { reply_markup?: InlineKeyboardMarkup; protect_content?: boolean } = {},
): Promise<void> {
  const chunks = splitText(text);
  for (const [index, chunk] of chunks.entries()) {
    const last = index === chunks.length - 1;
    await ctx.reply(chunk, {
      ...(options.protect_content ? { protect_content: true } : {}),
      ...(last && options.reply_markup ? { reply_markup: options.reply_markup } : {}),
    });
  }
}

/**
 * Shows one page of a paged list: a tap on its pager edits the message the pager is on (the list stays
 * one message), anything else sends a new message.
 */
export async function showPage(
  ctx: Context,
  text: string,
  reply_markup: InlineKeyboardMarkup | undefined,
  fromPager: boolean,
): Promise<void> {
  if (fromPager && ctx.callbackQuery?.message) {
    await editScreen(ctx, { text, ...(reply_markup ? { reply_markup } : {}) });
    return;
  }
  await ctx.reply(text, reply_markup ? { reply_markup } : {});
}
