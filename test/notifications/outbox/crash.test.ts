import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireLease,
  createOutboxModels,
  enqueue,
  noteIncomingMessage,
  type OutboxItemRecord,
  releaseLease,
  renewLease,
  startOutboxWorker,
} from '../../../src/notifications/outbox/index.ts';
import { connectTestDb } from '../../support/test-app.ts';
import { FAST, type OutboxFixture, outboxFixture, successfulSends } from './helpers.ts';

const CHAT = 5001;
const user = { id: CHAT, is_bot: false, first_name: 'Aigerim' };

let fx: OutboxFixture;
beforeEach(async () => {
  fx = await outboxFixture();
});
afterEach(async () => {
  await fx.close();
});

/** Writes what a worker killed mid-send leaves behind: `sending`, an expired lease, the chat reserved. */
async function leaveAsCrashed(item: OutboxItemRecord, probeFromMessageId: number): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  await fx.models.OutboxItem.updateOne(
    { _id: item._id },
    {
      $set: {
        state: 'sending',
        leaseOwner: 'dead-instance',
        leaseUntil: past,
        attemptId: 'dead-attempt',
        reservation: 'dead-attempt',
        probeFromMessageId,
        attempts: 1,
      },
    },
  );
  await fx.models.OutboxChat.updateOne(
    { chatId: item.chatId },
    { $set: { reservedBy: 'dead-attempt', nextSendAt: past } },
    { upsert: true },
  );
}

describe('crash recovery', () => {
  it('an item the server already received is reconciled as sent and not resent', async () => {
    // History in the chat: the user's /start (id 1) and an earlier bot reply (id 2) the app recorded.
    fx.fake.addUserMessage(CHAT, user, { text: '/start' });
    const reply = await fx.api.sendMessage(CHAT, 'welcome', {
      reply_markup: { inline_keyboard: [[{ text: 'Help', callback_data: 'help' }]] },
    });
    await noteIncomingMessage(fx.models, CHAT, 1);
    await noteIncomingMessage(fx.models, CHAT, reply.message_id);
    const { item } = await enqueue(fx.models, {
      key: 'resultNotice:c1:e1',
      kind: 'resultNotice',
      chatId: CHAT,
      text: 'Your result',
      ackText: 'OK',
    });

    // The dead worker stored the baseline (1: it had not seen the reply yet), then its request went through...
    const delivered = await fx.api.sendMessage(CHAT, 'Your result', {
      reply_markup: item.payload.reply_markup as never,
    });
    // ...and the user wrote something before anyone looked.
    fx.fake.addUserMessage(CHAT, user, { text: 'thanks' });
    await leaveAsCrashed(item, 1);

    const worker = fx.startWorker();
    await worker.drain();

    const stored = await fx.models.OutboxItem.findById(item._id).lean<OutboxItemRecord>();
    expect(stored?.state).toBe('sent');
    expect(stored?.messageId).toBe(delivered.message_id);
    expect(stored?.reconciledAt).toBeInstanceOf(Date);
    expect(worker.stats()).toMatchObject({ reconciledSent: 1, sent: 0 });
    expect(successfulSends(fx.fake).get(String(item._id))).toBe(1);
    // Probing never changed a message: the recorded reply kept its own keyboard.
    expect(fx.fake.chatMessages(CHAT).every((m) => m.edits.length === 0)).toBe(true);
    const chat = await fx.models.OutboxChat.findOne({ chatId: CHAT }).lean();
    expect(chat?.reservedBy).toBeNull();
    expect(chat?.lastKnownMessageId).toBe(delivered.message_id);
  });

  it('an item that never reached the server is resent exactly once', async () => {
    fx.fake.addUserMessage(CHAT, user, { text: '/start' });
    await noteIncomingMessage(fx.models, CHAT, 1);
    const { item } = await enqueue(fx.models, {
      key: 'resultNotice:c1:e2',
      kind: 'resultNotice',
      chatId: CHAT,
      text: 'Your result',
      ackText: 'OK',
    });
    await leaveAsCrashed(item, 1);

    const worker = fx.startWorker({ probeWindow: 5 });
    await worker.drain();

    const stored = await fx.models.OutboxItem.findById(item._id).lean<OutboxItemRecord>();
    expect(stored?.state).toBe('sent');
    expect(stored?.attempts).toBe(2);
    expect(worker.stats()).toMatchObject({ requeued: 1, sent: 1 });
    expect(successfulSends(fx.fake).get(String(item._id))).toBe(1);
    // It probed ids 2, 3, 4 (1 is the user's, known): three ids in a row that do not exist mean nothing
    // was written after the baseline, so the item was not sent; it did not probe the rest of the window.
    expect(fx.fake.callsOf('editMessageReplyMarkup').map((c) => c.params.message_id)).toEqual([2, 3, 4]);
  });

  it('an item claimed but killed before its baseline was stored is requeued without probing', async () => {
    const { item } = await enqueue(fx.models, {
      key: 'k',
      kind: 'x',
      chatId: CHAT,
      text: 't',
      ackText: 'OK',
    });
    await fx.models.OutboxItem.updateOne(
      { _id: item._id },
      {
        $set: {
          state: 'sending',
          leaseOwner: 'dead',
          leaseUntil: new Date(Date.now() - 1000),
          attemptId: 'dead',
        },
      },
    );
    await fx.startWorker().drain();
    expect(fx.fake.callsOf('editMessageReplyMarkup')).toHaveLength(0);
    expect(successfulSends(fx.fake).get(String(item._id))).toBe(1);
  });
});

describe('several instances', () => {
  it('two workers on separate connections send each of 50 items exactly once', async () => {
    const second = await connectTestDb(fx.dbName);
    try {
      const secondModels = createOutboxModels(second);
      for (let i = 0; i < 50; i++) {
        // 25 chats, two items each: the per-chat reservation is exercised across instances too.
        await enqueue(fx.models, {
          key: `n:${i}`,
          kind: 'n',
          chatId: 7000 + (i % 25),
          text: `n${i}`,
          ackText: 'OK',
        });
      }
      const a = startOutboxWorker({ ...FAST, models: fx.models, api: fx.api, instanceId: 'a', batchSize: 5 });
      const b = startOutboxWorker({
        ...FAST,
        models: secondModels,
        api: fx.api,
        instanceId: 'b',
        batchSize: 5,
      });
      fx.workers.push(a, b);
      await Promise.all([a.drain(), b.drain()]);

      const sends = successfulSends(fx.fake);
      expect(sends.size).toBe(50);
      expect([...sends.values()].every((n) => n === 1)).toBe(true);
      expect(await fx.models.OutboxItem.countDocuments({ state: 'sent' })).toBe(50);
      // Both instances did work.
      expect(a.stats().sent).toBeGreaterThan(0);
      expect(b.stats().sent).toBeGreaterThan(0);
      expect(a.stats().sent + b.stats().sent).toBe(50);
    } finally {
      await Promise.all(fx.workers.splice(0).map((w) => w.stop()));
      await second.close();
    }
  });
});

describe('leases', () => {
  it('one owner at a time; renew only while held; expiry or release lets another take it', async () => {
    const t0 = new Date('2026-03-02T09:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await acquireLease(fx.models, 'daily-reminders', 'a', 1000, t0)).toBe(true);
    expect(await acquireLease(fx.models, 'daily-reminders', 'b', 1000, at(500))).toBe(false);
    expect(await acquireLease(fx.models, 'daily-reminders', 'a', 1000, at(500))).toBe(true);
    expect(await renewLease(fx.models, 'daily-reminders', 'a', 1000, at(1400))).toBe(true);
    expect(await renewLease(fx.models, 'daily-reminders', 'b', 1000, at(1400))).toBe(false);
    expect(await acquireLease(fx.models, 'daily-reminders', 'b', 1000, at(2500))).toBe(true);
    expect(await renewLease(fx.models, 'daily-reminders', 'a', 1000, at(2600))).toBe(false);
    await releaseLease(fx.models, 'daily-reminders', 'b');
    expect(await acquireLease(fx.models, 'daily-reminders', 'a', 1000, at(2700))).toBe(true);
    expect(await fx.models.Lease.countDocuments()).toBe(1);
  });
});
