import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  enqueue,
  noteIncomingMessage,
  type OutboxItemRecord,
} from '../../../src/notifications/outbox/index.ts';
import { type OutboxFixture, outboxFixture, successfulSends } from './helpers.ts';

const notice = (n: number, chatId = 1000 + n) => ({
  key: `resultNotice:c1:e${n}`,
  kind: 'resultNotice',
  chatId,
  text: `notice ${n}`,
  ackText: 'OK',
});

let fx: OutboxFixture;
beforeEach(async () => {
  fx = await outboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('enqueue', () => {
  it('is idempotent: the same key twice makes one item and one message', async () => {
    const first = await enqueue(fx.models, notice(1));
    const second = await enqueue(fx.models, { ...notice(1), text: 'changed' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.item._id.equals(first.item._id)).toBe(true);
    expect(await fx.models.OutboxItem.countDocuments()).toBe(1);

    await fx.startWorker().drain();
    expect(fx.fake.callsOf('sendMessage')).toHaveLength(1);
    expect(fx.fake.callsOf('sendMessage')[0]?.params.text).toBe('notice 1');
  });

  it('puts the item id into the keyboard: replaces {itemId} or appends an ob: button', async () => {
    const own = await enqueue(fx.models, {
      key: 'k-own',
      kind: 'x',
      chatId: 1,
      text: 't',
      reply_markup: { inline_keyboard: [[{ text: 'Open', callback_data: 'ob:{itemId}:open' }]] },
    });
    expect(own.item.payload.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Open', callback_data: `ob:${own.item._id}:open` }]],
    });
    const appended = await enqueue(fx.models, {
      key: 'k-app',
      kind: 'x',
      chatId: 1,
      text: 't',
      ackText: 'OK',
      reply_markup: { inline_keyboard: [[{ text: 'Site', url: 'https://example.org' }]] },
    });
    expect(appended.item.payload.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Site', url: 'https://example.org' }],
        [{ text: 'OK', callback_data: `ob:${appended.item._id}` }],
      ],
    });
    await expect(enqueue(fx.models, { key: 'k-none', kind: 'x', chatId: 1, text: 't' })).rejects.toThrow(
      /ackText/,
    );
  });
});

describe('worker', () => {
  it("marks a sent item with Telegram's message_id and date and raises the chat's baseline", async () => {
    await noteIncomingMessage(fx.models, 1001, 1);
    const { item } = await enqueue(fx.models, notice(1));
    await fx.startWorker().drain();

    const sent = await fx.models.OutboxItem.findById(item._id).lean<OutboxItemRecord>();
    const [message] = fx.fake.chatMessages(1001).filter((m) => m.sender === 'bot');
    expect(sent?.state).toBe('sent');
    expect(sent?.messageId).toBe(message?.message_id);
    expect(sent?.telegramDate?.getTime()).toBe((message?.date ?? 0) * 1000);
    expect(sent?.probeFromMessageId).toBe(1);
    expect(sent?.attempts).toBe(1);
    const chat = await fx.models.OutboxChat.findOne({ chatId: 1001 }).lean();
    expect(chat?.lastKnownMessageId).toBe(message?.message_id);
    expect(chat?.reservedBy).toBeNull();
  });

  it('sends photos with the text as caption', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await enqueue(fx.models, { ...notice(1), photo: bytes });
    await fx.startWorker().drain();
    const [call] = fx.fake.callsOf('sendPhoto');
    expect(call?.response.ok).toBe(true);
    expect(call?.params.caption).toBe('notice 1');
    expect(call?.uploads[0]?.bytes.equals(bytes)).toBe(true);
  });

  it('a blocked chat makes the item undeliverable and calls onUndeliverable once', async () => {
    fx.fake.blockChat(1001);
    const onUndeliverable = vi.fn();
    const { item } = await enqueue(fx.models, notice(1));
    await enqueue(fx.models, notice(2));
    await fx.startWorker({ onUndeliverable }).drain();
    // A few more reconcile passes must not call it again.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const stored = await fx.models.OutboxItem.findById(item._id).lean<OutboxItemRecord>();
    expect(stored?.state).toBe('undeliverable');
    expect(stored?.failureReason).toMatch(/blocked/);
    expect(onUndeliverable).toHaveBeenCalledTimes(1);
    expect(String(onUndeliverable.mock.calls[0]?.[0]._id)).toBe(String(item._id));
    expect(successfulSends(fx.fake).size).toBe(1);
  });

  it('"chat not found" is undeliverable too; other 400s are retried, then given up after maxAttempts', async () => {
    fx.fake.failNext(
      'sendMessage',
      { error_code: 400, description: 'Bad Request: chat not found' },
      { chatId: 1001 },
    );
    fx.fake.failNext(
      'sendMessage',
      { error_code: 400, description: "Bad Request: can't parse entities" },
      {
        chatId: 1002,
        times: 3,
      },
    );
    const a = await enqueue(fx.models, notice(1));
    const b = await enqueue(fx.models, notice(2));
    const onUndeliverable = vi.fn();
    await fx.startWorker({ onUndeliverable, maxAttempts: 3 }).drain();
    const [storedA, storedB] = await Promise.all([
      fx.models.OutboxItem.findById(a.item._id).lean<OutboxItemRecord>(),
      fx.models.OutboxItem.findById(b.item._id).lean<OutboxItemRecord>(),
    ]);
    expect(storedA?.state).toBe('undeliverable');
    expect(storedA?.attempts).toBe(1);
    expect(storedB?.state).toBe('undeliverable');
    expect(storedB?.attempts).toBe(3);
    expect(storedB?.failureReason).toMatch(/parse entities/);
    expect(onUndeliverable).toHaveBeenCalledTimes(2);
  });

  it("a chat's second message is due once the per-chat pace allows, not when the first one's lease ends", async () => {
    let clock = new Date('2026-03-02T09:00:00Z');
    const first = await enqueue(fx.models, notice(1, 7001), clock);
    const second = await enqueue(fx.models, { ...notice(2, 7001), text: 'chart' }, clock);
    const worker = fx.startWorker({ now: () => clock, perChatIntervalMs: 1000, leaseMs: 10_000 });
    await vi.waitFor(async () => {
      const stored = await fx.models.OutboxItem.findById(first.item._id).lean<OutboxItemRecord>();
      expect(stored?.state).toBe('sent');
      const waiting = await fx.models.OutboxItem.findById(second.item._id).lean<OutboxItemRecord>();
      expect(waiting?.state).toBe('queued');
      expect(waiting?.notBefore.getTime()).toBeGreaterThan(clock.getTime());
    });
    const waiting = await fx.models.OutboxItem.findById(second.item._id).lean<OutboxItemRecord>();
    // One per-chat interval after the first send (the clock stands still), far from the 10 s lease.
    expect(waiting?.notBefore.getTime()).toBe(clock.getTime() + 1000);

    clock = new Date(clock.getTime() + 1000);
    await worker.drain();
    expect(
      fx.fake
        .chatMessages(7001)
        .filter((m) => m.sender === 'bot')
        .map((m) => m.text),
    ).toEqual(['notice 1', 'chart']);
  });

  it('honours 429 retry_after: the item waits retry_after on the app clock, then is sent exactly once', async () => {
    let clock = new Date('2026-03-02T09:00:00Z');
    fx.fake.failNext('sendMessage', { error_code: 429, parameters: { retry_after: 1 } });
    const { item } = await enqueue(fx.models, notice(1), clock);
    const worker = fx.startWorker({ now: () => clock });
    await vi.waitFor(async () => {
      const stored = await fx.models.OutboxItem.findById(item._id).lean<OutboxItemRecord>();
      expect(stored?.failureReason).toMatch(/^429/);
      expect(stored?.state).toBe('queued');
      expect(stored?.notBefore.getTime()).toBe(clock.getTime() + 1000);
    });
    // Not due yet on the app clock: a few more polls send nothing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.fake.callsOf('sendMessage')).toHaveLength(1);

    clock = new Date(clock.getTime() + 1000);
    await worker.drain();
    const calls = fx.fake.callsOf('sendMessage');
    expect(calls.map((c) => c.response.ok)).toEqual([false, true]);
    expect(worker.stats().rateLimited).toBe(1);
    expect((await fx.models.OutboxItem.findById(item._id).lean())?.state).toBe('sent');
  });

  it('a 5xx has an unknown outcome: reconciled (nothing there), then sent once', async () => {
    fx.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    const { item } = await enqueue(fx.models, notice(1));
    const worker = fx.startWorker();
    await worker.drain();
    expect(worker.stats()).toMatchObject({ unknown: 1, requeued: 1, sent: 1 });
    expect(successfulSends(fx.fake).get(String(item._id))).toBe(1);
  });
});
