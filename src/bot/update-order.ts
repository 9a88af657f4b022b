import type { Context } from 'grammy';

const DOCUMENT_ID = /[0-9a-f]{24}/g;

/**
 * Keys of the updates that must not run at the same time (the runner's sequentialize): the chat,
 * because the conversations plugin and the typed-input modes keep per-chat state; and every
 * document a button names, because two people can act on one document from their own chats (the
 * evaluator and the reviewer on one ranking sheet, two HR officers closing one campaign). A
 * respondent's buttons name their own draft or assignment, so respondents never wait for each other.
 */
export function updateKeys(ctx: Context): string[] {
  const keys: string[] = [];
  const chatId = ctx.chatId ?? ctx.from?.id;
  if (chatId !== undefined) keys.push(`chat:${chatId}`);
  const data = ctx.callbackQuery?.data;
  if (data) for (const id of new Set(data.match(DOCUMENT_ID))) keys.push(`doc:${id}`);
  return keys;
}
