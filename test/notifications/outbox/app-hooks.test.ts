import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  enqueue,
  enqueueMany,
  noteOutboxCallback,
  type OutboxItemRecord,
  parseOutboxCallback,
  recordForeignMessages,
} from '../../../src/notifications/outbox/index.ts';
import { type OutboxFixture, outboxFixture, successfulSends } from './helpers.ts';

let fx: OutboxFixture;
beforeEach(async () => {
  fx = await outboxFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('hooks the app uses', () => {
  it('recordForeignMessages records bot replies but not outbox messages', async () => {
    fx.api.config.use(recordForeignMessages(fx.models));
    const reply = await fx.api.sendMessage(42, 'a reply');
    const { item } = await enqueue(fx.models, { key: 'k', kind: 'x', chatId: 42, text: 't', ackText: 'OK' });
    await fx.api.sendMessage(42, 't', { reply_markup: item.payload.reply_markup as never });
    const chat = await fx.models.OutboxChat.findOne({ chatId: 42 }).lean();
    expect(chat?.foreignMessageIds).toEqual([reply.message_id]);
    expect(chat?.lastKnownMessageId).toBe(reply.message_id);
  });

  it("a tap counts only from the item's own chat and recorded message; an unsent item's tap changes nothing", async () => {
    const { item } = await enqueue(fx.models, { key: 'k', kind: 'x', chatId: 42, text: 't', ackText: 'OK' });
    const pending = await enqueue(fx.models, { key: 'k2', kind: 'x', chatId: 43, text: 't', ackText: 'OK' });
    await fx.models.OutboxItem.updateOne(
      { _id: pending.item._id },
      { $set: { state: 'unknown', leaseUntil: new Date(Date.now() + 3_600_000) } },
    );
    const worker = fx.startWorker();
    await vi.waitFor(async () =>
      expect((await fx.models.OutboxItem.findById(item._id).lean())?.state).toBe('sent'),
    );
    await worker.stop();
    const messageId = (await fx.models.OutboxItem.findById(item._id).lean())!.messageId!;
    const parsed = parseOutboxCallback(`ob:${item._id}:open`);
    expect(parsed).toEqual({ itemId: String(item._id), action: 'open' });
    expect(parseOutboxCallback('help')).toBeNull();

    expect(await noteOutboxCallback(fx.models, parsed!.itemId, { chatId: 43, messageId })).toBeNull();
    expect(
      await noteOutboxCallback(fx.models, parsed!.itemId, { chatId: 42, messageId: messageId + 1 }),
    ).toBeNull();
    expect(
      await noteOutboxCallback(fx.models, parsed!.itemId, { chatId: 42, messageId: undefined }),
    ).toBeNull();
    expect((await fx.models.OutboxItem.findById(item._id).lean())?.acknowledgedAt).toBeNull();
    const acked = await noteOutboxCallback(fx.models, parsed!.itemId, { chatId: 42, messageId });
    expect(acked).toMatchObject({ state: 'sent', messageId });
    expect(acked?.acknowledgedAt).toBeInstanceOf(Date);

    // An item whose message is not recorded: no tap can prove anything about it.
    expect(
      await noteOutboxCallback(fx.models, String(pending.item._id), { chatId: 43, messageId: 1 }),
    ).toBeNull();
    const untouched = await fx.models.OutboxItem.findById(pending.item._id).lean<OutboxItemRecord>();
    expect(untouched).toMatchObject({ state: 'unknown', messageId: null, acknowledgedAt: null });
  });

  it('enqueueMany skips keys already queued and the worker sends each once', async () => {
    const inputs = Array.from({ length: 10 }, (_, i) => ({
      key: `b:${i}`,
      kind: 'b',
      chatId: 300 + i,
      text: `b${i}`,
      ackText: 'OK',
    }));
    expect(await enqueueMany(fx.models, inputs.slice(0, 4))).toEqual({ created: 4, existing: 0 });
    expect(await enqueueMany(fx.models, inputs)).toEqual({ created: 6, existing: 4 });
    await fx.startWorker().drain();
    const sends = successfulSends(fx.fake);
    expect(sends.size).toBe(10);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    const items = await fx.models.OutboxItem.find().lean<OutboxItemRecord[]>();
    expect(items.every((i) => i.state === 'sent')).toBe(true);
  });
});
