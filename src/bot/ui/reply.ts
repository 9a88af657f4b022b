import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { splitText } from './limits.ts';

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
