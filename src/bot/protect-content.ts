import type { Transformer } from 'grammy';

/** Methods that put a new message with content into a chat. */
const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'copyMessage']);

/**
 * Every message the bot sends on its own initiative (the outbox) goes with `protect_content`: each is
 * addressed to one person — their invitation, reminder, result notice or chart, or an HR officer's
 * alert with names and statements — and none is meant to be forwarded or saved.
 */
export function protectContent(): Transformer {
  return (prev, method, payload, signal) =>
    prev(method, SENDS.has(method) ? { ...payload, protect_content: true } : payload, signal);
}
