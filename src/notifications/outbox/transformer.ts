import type { Transformer } from 'grammy';
import { isOutboxMarkup, noteIncomingMessage } from './enqueue.ts';
import type { OutboxModels } from './models.ts';

/**
 * An Api transformer for the bot's own Api (`bot.api.config.use(...)`): records the message_id of every
 * message the bot sends outside the outbox, so reconciliation probes never edit those messages.
 * Messages carrying an outbox button are left to the outbox worker.
 */
export function recordForeignMessages(models: Pick<OutboxModels, 'OutboxChat'>): Transformer {
  return async (prev, method, payload, signal) => {
    const response = await prev(method, payload, signal);
    if (!response.ok || !/^(send|copy|forward)/.test(method)) return response;
    const markup = (payload as { reply_markup?: unknown } | undefined)?.reply_markup;
    if (isOutboxMarkup(typeof markup === 'string' ? safeParse(markup) : markup)) return response;
    const results: unknown[] = Array.isArray(response.result) ? response.result : [response.result];
    const payloadChat = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    for (const result of results) {
      // copyMessage answers only { message_id }: the chat comes from the request.
      const message = result as { message_id?: unknown; chat?: { id?: unknown } } | null;
      const chatId = message?.chat?.id ?? payloadChat;
      if (typeof message?.message_id === 'number' && typeof chatId === 'number') {
        await noteIncomingMessage(models, chatId, message.message_id).catch(() => undefined);
      }
    }
    return response;
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
