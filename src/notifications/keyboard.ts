import type { InlineKeyboardMarkup } from 'grammy/types';

/** A one-button inline keyboard for a queued message (plain Telegram data, no bot framework needed). */
export function oneButton(text: string, callbackData: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text, callback_data: callbackData }]] };
}
