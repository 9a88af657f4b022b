import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  enqueue,
  noteIncomingMessage,
  type OutboxItemRecord,
} from '../../../src/notifications/outbox/index.ts';
import { itemIdOf, type OutboxFixture, outboxFixture, successfulSends } from './helpers.ts';

let fx: OutboxFixture;
beforeEach(async () => {
  fx = await outboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const user = (id: number) => ({ id, is_bot: false, first_name: 'Aigerim' });
const T0 = new Date('2026-03-02T09:00:00Z');
/** An app clock running from `date` on (the dead claim's lease ends at T0 + 1 min). */
const clockFrom = (date: Date) => {
  const offset = date.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
};
const pastTheDeadLease = () => clockFrom(new Date(T0.getTime() + 120_000));

/** A chat where the user wrote /start (message 1), recorded by the app: the probe baseline is 1. */
async function chatWithStart(chatId: number): Promise<void> {
  fx.fake.addUserMessage(chatId, user(chatId), { text: '/start' });
  await noteIncomingMessage(fx.models, chatId, 1);
}

async function queue(n: number, chatId: number, queuedAt = T0): Promise<OutboxItemRecord> {
  const { item } = await enqueue(
    fx.models,
    { key: `notice:${n}`, kind: 'resultNotice', chatId, text: `notice ${n}`, ackText: 'OK' },
    queuedAt,
  );
  return item;
}

/**
 * What a worker killed inside a batch leaves: every item `sending` under the dead claim (lease over at
 * T0 + 1 min), its chat reserved; `started` items also carry the recorded start and the baseline.
 */
async function leftByDeadClaim(item: OutboxItemRecord, started: boolean): Promise<void> {
  const leaseUntil = new Date(T0.getTime() + 60_000);
  await fx.models.OutboxItem.updateOne(
    { _id: item._id },
    {
      $set: {
        state: 'sending',
        leaseOwner: 'dead',
        leaseUntil,
        attemptId: 'dead-claim',
        ...(started
          ? { reservation: 'dead-claim', probeFromMessageId: 1, startedAt: T0, attempts: 1 }
          : { reservation: null, probeFromMessageId: null, startedAt: null }),
      },
    },
  );
  await fx.models.OutboxChat.updateOne(
    { chatId: item.chatId },
    { $set: { reservedBy: 'dead-claim', nextSendAt: leaseUntil } },
    { upsert: true },
  );
}

describe('a worker killed inside a batch', () => {
  it('drains without a crawl: unstarted items are requeued unprobed, started ones cost at most a few probes', async () => {
    const delivered: OutboxItemRecord[] = [];
    const lost: OutboxItemRecord[] = [];
    const unstarted: OutboxItemRecord[] = [];
    for (let n = 0; n < 30; n++) {
      const chatId = 8000 + n;
      await chatWithStart(chatId);
      const item = await queue(n, chatId);
      if (n < 10) {
        // Telegram accepted it (message 2); the worker died before recording the answer.
        await fx.api.sendMessage(chatId, item.payload.text, {
          reply_markup: item.payload.reply_markup as never,
        });
        delivered.push(item);
      } else if (n < 15)
        lost.push(item); // started, but the request never arrived
      else unstarted.push(item);
      await leftByDeadClaim(item, n < 15);
    }

    // The restarted worker's clock is past the dead lease.
    const worker = fx.startWorker({ now: pastTheDeadLease() });
    await worker.drain();

    const sends = successfulSends(fx.fake);
    expect(sends.size).toBe(30);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
    expect(await fx.models.OutboxItem.countDocuments({ state: 'sent' })).toBe(30);
    const stored = await fx.models.OutboxItem.find({ _id: { $in: delivered.map((i) => i._id) } }).lean();
    expect(stored.every((item) => item.messageId === 2 && item.reconciledAt instanceof Date)).toBe(true);

    const probes = fx.fake.callsOf('editMessageReplyMarkup').map((call) => ({
      item: itemIdOf(call.params),
      messageId: call.params.message_id,
    }));
    const unstartedIds = new Set(unstarted.map((item) => String(item._id)));
    expect(probes.filter((probe) => unstartedIds.has(probe.item!))).toEqual([]);
    // One probe finds a delivered item; three missing ids in a row settle a lost one.
    expect(probes).toHaveLength(10 * 1 + 5 * 3);
    expect(worker.stats()).toMatchObject({
      reconciledSent: 10,
      requeued: 5,
      requeuedUnstarted: 15,
      sent: 20,
    });
    // Every chat was freed.
    expect(await fx.models.OutboxChat.countDocuments({ reservedBy: { $type: 'string' } })).toBe(0);
  });

  it('probing resumes at the stored id, asks a rate-limited id again, and probes a chat once per interval (app clock)', async () => {
    const chatId = 8100;
    await chatWithStart(chatId);
    // Messages 2 and 3: the user's (unrecorded); the dead worker's probing had got past them.
    fx.fake.addUserMessage(chatId, user(chatId), { text: 'a' });
    fx.fake.addUserMessage(chatId, user(chatId), { text: 'b' });
    const item = await queue(1, chatId);
    await leftByDeadClaim(item, true);
    await fx.models.OutboxItem.updateOne(
      { _id: item._id },
      { $set: { probeNextMessageId: 4, probeMisses: 0 } },
    );
    fx.fake.failNext(
      'editMessageReplyMarkup',
      { error_code: 429, parameters: { retry_after: 5 } },
      { chatId },
    );

    let clock = new Date(T0.getTime() + 120_000);
    const advance = (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    };
    const worker = fx.startWorker({ now: () => clock, perChatIntervalMs: 1000 });
    const probedIds = () => fx.fake.callsOf('editMessageReplyMarkup').map((call) => call.params.message_id);
    /** Waits until these ids were probed and the round wrote its verdict (only then may the clock move). */
    const probed = (ids: number[], verdict: Partial<OutboxItemRecord>) =>
      vi.waitFor(async () => {
        expect(probedIds()).toEqual(ids);
        const stored = await fx.models.OutboxItem.findById(item._id).lean<OutboxItemRecord>();
        expect(stored).toMatchObject({ leaseOwner: null, ...verdict });
      });
    await probed([4], { probeNextMessageId: 4, failureReason: expect.stringMatching(/^429/) });
    // The chat waits retry_after on the app clock: nothing more while the clock stands still.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(probedIds()).toEqual([4]);
    advance(5_100);
    await probed([4, 4], { probeNextMessageId: 5, probeMisses: 1 });
    // One probe per chat per interval (1 s): the next id waits for the clock.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(probedIds()).toEqual([4, 4]);
    advance(1_100);
    await probed([4, 4, 5], { probeNextMessageId: 6, probeMisses: 2 });
    advance(1_100);
    // 4, 5, 6 missing: not sent. Queued again; the chat takes it after its interval.
    await probed([4, 4, 5, 6], { state: 'queued' });
    advance(1_100);
    await worker.drain();
    // Sent once, and no id below the stored progress was asked.
    expect(successfulSends(fx.fake).get(String(item._id))).toBe(1);
    expect(worker.stats()).toMatchObject({ requeued: 1, sent: 1, rateLimited: 1, floodPauses: 0 });
  });

  it('a message of the user between the baseline and ours breaks a run of missing ids', async () => {
    const chatId = 8200;
    await chatWithStart(chatId);
    fx.fake.addUserMessage(chatId, user(chatId), { text: 'written while we sent' }); // id 2, unrecorded
    const item = await queue(1, chatId);
    await fx.api.sendMessage(chatId, item.payload.text, { reply_markup: item.payload.reply_markup as never }); // id 3
    await leftByDeadClaim(item, true);
    const worker = fx.startWorker({ now: pastTheDeadLease() });
    await worker.drain();
    expect(fx.fake.callsOf('editMessageReplyMarkup').map((call) => call.params.message_id)).toEqual([2, 3]);
    expect((await fx.models.OutboxItem.findById(item._id).lean())?.messageId).toBe(3);
    expect(successfulSends(fx.fake).get(String(item._id))).toBe(1);
  });
});

describe('rate limits', () => {
  it("one chat's 429 holds back that chat only: the others are all sent while it waits an hour", async () => {
    const clock = T0;
    fx.fake.limitChat(9000, { retryAfter: 3600 });
    const waiting = await queue(0, 9000);
    for (let n = 1; n <= 20; n++) await queue(n, 9000 + n);
    const worker = fx.startWorker({ now: () => clock });
    // A paused worker would send nothing more for an hour: the others arriving proves it kept going.
    await vi.waitFor(() => expect(successfulSends(fx.fake).size).toBe(20), { timeout: 10_000 });
    const stored = await fx.models.OutboxItem.findById(waiting._id).lean<OutboxItemRecord>();
    expect(stored).toMatchObject({ state: 'queued', failureReason: expect.stringMatching(/^429/) });
    expect(stored?.notBefore.getTime()).toBe(clock.getTime() + 3600_000);
    expect(worker.stats()).toMatchObject({ rateLimited: 1, floodPauses: 0 });
  });

  it('429s from several chats at once are the whole bot over its limit: everyone waits, nothing is lost', async () => {
    for (const chatId of [9101, 9102, 9103]) fx.fake.limitChat(chatId, { retryAfter: 1, forSeconds: 1 });
    // The three limited chats' items are the oldest, so they make up the first batch.
    for (let n = 1; n <= 3; n++) await queue(n, 9100 + n);
    for (let n = 4; n <= 10; n++) await queue(n, 9100 + n, new Date(T0.getTime() + 1000));
    // At 100 requests/s three refused chats within a second mean the bot is over its limit.
    const worker = fx.startWorker({ ceilingPerSecond: 100, pipelines: 1, batchSize: 3 });
    await worker.drain();
    const sends = successfulSends(fx.fake);
    expect(sends.size).toBe(10);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
    expect(worker.stats()).toMatchObject({ rateLimited: 3, floodPauses: 1 });
  });
});

describe('reservations left by a crash', () => {
  it('are swept: the chat is freed and its baseline raised to the message its item is recorded to have sent', async () => {
    const chatId = 9300;
    const item = await queue(1, chatId);
    // Died between writing the item's outcome (sent as message 7) and freeing the chat.
    await fx.models.OutboxItem.updateOne(
      { _id: item._id },
      { $set: { state: 'sent', messageId: 7, attemptId: 'dead-claim', reservation: 'dead-claim' } },
    );
    await fx.models.OutboxChat.create({
      chatId,
      lastKnownMessageId: 6,
      reservedBy: 'dead-claim',
      nextSendAt: new Date(Date.now() - 1000),
    });
    const next = await queue(2, chatId);
    const worker = fx.startWorker();
    await worker.drain();
    const chat = await fx.models.OutboxChat.findOne({ chatId }).lean();
    expect(chat?.reservedBy).toBeNull();
    expect(chat?.foreignMessageIds).toContain(7);
    expect((await fx.models.OutboxItem.findById(next._id).lean())?.probeFromMessageId).toBe(7);
  });

  it('are found through a partial index holding reserved chats only', async () => {
    const indexes = await fx.models.OutboxChat.collection.indexes();
    const reserved = indexes.find((index) => index.name === 'reserved_nextSendAt');
    expect(reserved?.key).toEqual({ nextSendAt: 1 });
    expect(reserved?.partialFilterExpression).toEqual({ reservedBy: { $type: 'string' } });
  });
});
