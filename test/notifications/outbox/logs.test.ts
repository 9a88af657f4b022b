import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  enqueue,
  noteIncomingMessage,
  type OutboxItemRecord,
} from '../../../src/notifications/outbox/index.ts';
import { type OutboxFixture, outboxFixture } from './helpers.ts';

let fx: OutboxFixture;
beforeEach(async () => {
  fx = await outboxFixture();
});
afterEach(async () => {
  await fx.close();
});

// Telegram-sized ids: a user's chat id is their Telegram user id.
const BLOCKED = 512_345_671;
const FLAKY = 512_345_672;
const UNRECORDED = 512_345_673;
const CHATS = [BLOCKED, FLAKY, UNRECORDED];

/** Errors written out with their message and own fields, as pino's serializer does. */
const asPinoWould = (_key: string, value: unknown) =>
  value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value;

describe('the outbox worker logs', () => {
  it('carry item ids, never chat ids or Telegram user ids, whatever goes wrong', async () => {
    const lines: string[] = [];
    const capture =
      (level: string) =>
      (...args: unknown[]) =>
        lines.push(`${level} ${JSON.stringify(args, asPinoWould)}`);
    const logger = {
      debug: capture('debug'),
      info: capture('info'),
      warn: capture('warn'),
      error: capture('error'),
    };

    fx.fake.blockChat(BLOCKED);
    fx.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, { chatId: FLAKY });
    const items: OutboxItemRecord[] = [];
    for (const chatId of CHATS) {
      const { item } = await enqueue(fx.models, {
        key: `k:${chatId}`,
        kind: 'x',
        chatId,
        text: 't',
        ackText: 'OK',
      });
      items.push(item);
    }
    // A bot message the app never recorded sits above the baseline, and this item's outcome is unknown:
    // the probe edits it (a warning), then the item is found missing and sent.
    await noteIncomingMessage(fx.models, UNRECORDED, 0);
    await fx.api.sendMessage(UNRECORDED, 'an earlier reply');
    await fx.models.OutboxItem.updateOne(
      { _id: items[2]!._id },
      {
        $set: {
          state: 'unknown',
          leaseUntil: new Date(Date.now() - 1000),
          attemptId: 'gone',
          probeFromMessageId: 0,
          startedAt: new Date(),
        },
      },
    );
    let failures = 0;
    const worker = fx.startWorker({
      logger,
      // A failed callback is retried once its lease is over.
      leaseMs: 1000,
      sendTimeoutMs: 500,
      // The callback fails once with a message that names the chat; it is retried.
      onUndeliverable: (item) => {
        if (failures++ === 0) throw new Error(`could not alert HR about chat ${item.chatId}`);
      },
    });
    await worker.drain();

    expect(worker.stats()).toMatchObject({ undeliverable: 1, unknown: 1 });
    expect(lines.some((line) => line.includes('outbox item undeliverable'))).toBe(true);
    expect(lines.some((line) => line.includes('outbox send outcome unknown'))).toBe(true);
    expect(lines.some((line) => line.includes('outbox probe edited an unrecorded message'))).toBe(true);
    expect(lines.some((line) => line.includes('onUndeliverable failed'))).toBe(true);
    for (const item of items.slice(0, 2))
      expect(lines.some((line) => line.includes(String(item._id)))).toBe(true);
    for (const chatId of CHATS) expect(lines.filter((line) => line.includes(String(chatId)))).toEqual([]);
  });
});
