import { randomUUID } from 'node:crypto';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { AnyBulkWriteOperation } from 'mongoose';
import { inGroups, updateManyByIds } from './bulk.ts';
import { classifyProbeError, type ProbeOutcome } from './errors.ts';
import { FOREIGN_IDS_KEPT, type OutboxItemRecord, type OutboxState } from './models.ts';
import { timeoutSignal } from './rate-limiter.ts';
import { later, noteRateLimited, type OutboxRuntime } from './runtime.ts';

const IN_FLIGHT: OutboxState[] = ['sending', 'unknown'];

/**
 * Items whose holder's lease ran out before it recorded a request start: no request was made, so they
 * are queued again at once, without asking Telegram, and their chats are freed. Returns how many.
 */
export async function requeueUnstarted(rt: OutboxRuntime): Promise<number> {
  const { OutboxItem, OutboxChat } = rt.models;
  const at = rt.now();
  // probeFromMessageId is written in the same update as startedAt (and by older versions before a request).
  const unstarted = {
    state: { $in: IN_FLIGHT },
    leaseUntil: { $lt: at },
    startedAt: null,
    probeFromMessageId: null,
  };
  const found = await OutboxItem.find(unstarted, { _id: 1, chatId: 1, attemptId: 1, reservation: 1 })
    .limit(1000)
    .lean();
  if (found.length === 0) return 0;
  const requeueId = `requeue:${randomUUID()}`;
  await OutboxItem.bulkWrite(
    updateManyByIds(
      '_id',
      found.map((item) => item._id),
      unstarted,
      { $set: { state: 'queued', notBefore: at, leaseOwner: null, leaseUntil: null, attemptId: requeueId } },
    ),
    { ordered: false },
  );
  // Read back through the { state, notBefore } index: their notBefore is this round's own.
  const requeued = new Set(
    (await OutboxItem.find({ state: 'queued', notBefore: at, attemptId: requeueId }, { _id: 1 }).lean()).map(
      (item) => String(item._id),
    ),
  );
  // Before its start is recorded an item's reservation is its claim id (the attempt id).
  const chatOps: AnyBulkWriteOperation[] = found
    .filter((item) => requeued.has(String(item._id)))
    .map((item) => ({
      updateOne: {
        filter: {
          chatId: item.chatId,
          reservedBy: { $in: [item.reservation, item.attemptId].filter((r): r is string => !!r) },
        },
        update: { $set: { reservedBy: null, nextSendAt: at } },
      },
    }));
  if (chatOps.length > 0) await OutboxChat.bulkWrite(chatOps, { ordered: false });
  rt.stats.requeuedUnstarted += requeued.size;
  return requeued.size;
}

type Verdict =
  | { kind: 'sent'; messageId: number }
  | { kind: 'requeue' }
  | { kind: 'undeliverable'; reason: string }
  /** Probe again later (after the chat's interval, a retry_after, or an error's delay). */
  | { kind: 'later'; nextMessageId: number; misses: number; delayMs: number; reason?: string };

/**
 * One round of reconciliation: claims items whose outcome is unknown and whose lease (or per-chat wait)
 * is over, and makes ONE probe for each: editMessageReplyMarkup with the item's exact markup on the next
 * id above its baseline. "message is not modified" proves the message at that id is this item (its
 * keyboard carries the item id). Progress is stored, so the next round, on any instance, resumes at the
 * next id; a chat is probed at most once per per-chat interval. Returns the number of items claimed.
 */
export async function probeRound(rt: OutboxRuntime): Promise<number> {
  const { OutboxItem, OutboxChat } = rt.models;
  const at = rt.now();
  // Items that never recorded a start are requeueUnstarted's: probing them would take their claim and
  // lose the chat reservation it holds (the chat then stayed reserved until a sweep found it).
  const due = { state: { $in: IN_FLIGHT }, leaseUntil: { $lt: at }, probeFromMessageId: { $ne: null } };
  const candidates = await OutboxItem.find(due, { _id: 1 })
    .sort({ leaseUntil: 1 })
    .limit(rt.settings.batchSize)
    .lean();
  if (candidates.length === 0) return 0;
  const attemptId = `${rt.instanceId}:probe:${randomUUID()}`;
  const leaseUntil = later(rt, rt.settings.leaseMs);
  await OutboxItem.bulkWrite(
    updateManyByIds(
      '_id',
      candidates.map((item) => item._id),
      due,
      {
        $set: { state: 'unknown', leaseOwner: rt.instanceId, leaseUntil, attemptId },
        $inc: { reconciliations: 1 },
      },
    ),
    { ordered: false },
  );
  // Read back through the { state, leaseUntil } index: the lease is this round's own.
  const items = await OutboxItem.find({ state: 'unknown', leaseUntil, attemptId }).lean<OutboxItemRecord[]>();
  if (items.length === 0) return 0;
  const chatIds = [...new Set(items.map((item) => item.chatId))];
  const chats = (
    await Promise.all(
      inGroups(chatIds).map((group) =>
        OutboxChat.find({ chatId: { $in: group } }, { chatId: 1, foreignMessageIds: 1 }).lean(),
      ),
    )
  ).flat();
  const foreign = new Map(chats.map((chat) => [chat.chatId, new Set(chat.foreignMessageIds)]));

  const verdicts = await Promise.all(
    items.map((item) => probeOnce(rt, item, foreign.get(item.chatId) ?? new Set())),
  );
  await recordVerdicts(rt, items, verdicts);
  return items.length;
}

/** Decides or advances one item by at most one request. */
async function probeOnce(rt: OutboxRuntime, item: OutboxItemRecord, foreign: Set<number>): Promise<Verdict> {
  const { probeWindow, probeMissLimit, perChatIntervalMs, unknownGraceMs } = rt.settings;
  const baseline = item.probeFromMessageId;
  if (baseline === null || baseline === undefined) return { kind: 'requeue' };
  let messageId = item.probeNextMessageId ?? baseline + 1;
  let misses = item.probeMisses ?? 0;
  // A known message of someone else exists there: skip it, and it breaks a run of missing ids.
  while (foreign.has(messageId)) {
    messageId++;
    misses = 0;
  }
  if (misses >= probeMissLimit || messageId > baseline + probeWindow) return { kind: 'requeue' };

  await rt.limiter.take(rt.stopSignal);
  if (rt.stopSignal.aborted) return { kind: 'later', nextMessageId: messageId, misses, delayMs: 0 };
  rt.stats.probes++;
  let outcome: ProbeOutcome;
  try {
    await rt.api.editMessageReplyMarkup(
      item.chatId,
      messageId,
      { reply_markup: item.payload.reply_markup as InlineKeyboardMarkup },
      timeoutSignal(rt.settings.sendTimeoutMs),
    );
    // The edit went through: a bot message we had no record of now carries this keyboard. It is
    // remembered as foreign, so no later probe takes it for this item.
    rt.log.warn({ itemId: item._id }, 'outbox probe edited an unrecorded message');
    await noteForeign(rt, item.chatId, messageId);
    outcome = { kind: 'notOurs' };
  } catch (error) {
    outcome = classifyProbeError(error);
  }
  const next = (missed: boolean): Verdict => {
    const nextMisses = missed ? misses + 1 : 0;
    if (nextMisses >= probeMissLimit || messageId + 1 > baseline + probeWindow) return { kind: 'requeue' };
    return { kind: 'later', nextMessageId: messageId + 1, misses: nextMisses, delayMs: perChatIntervalMs };
  };
  switch (outcome.kind) {
    case 'found':
      return { kind: 'sent', messageId };
    case 'missing':
      return next(true);
    case 'notOurs':
      return next(false);
    case 'undeliverable':
      return { kind: 'undeliverable', reason: outcome.reason };
    case 'rateLimited':
      // This chat waits (the same id is asked again); the others carry on unless the whole bot is limited.
      noteRateLimited(rt, item.chatId, outcome.retryAfterMs);
      return {
        kind: 'later',
        nextMessageId: messageId,
        misses,
        delayMs: outcome.retryAfterMs,
        reason: outcome.reason,
      };
    case 'error':
      return {
        kind: 'later',
        nextMessageId: messageId,
        misses,
        delayMs: unknownGraceMs,
        reason: outcome.reason,
      };
  }
}

async function recordVerdicts(
  rt: OutboxRuntime,
  items: OutboxItemRecord[],
  verdicts: Verdict[],
): Promise<void> {
  const at = rt.now();
  const itemOps: AnyBulkWriteOperation[] = [];
  const chatOps: AnyBulkWriteOperation[] = [];
  const undeliverable: { item: OutboxItemRecord; reason: string }[] = [];
  items.forEach((item, index) => {
    const verdict = verdicts[index]!;
    const fence = { _id: item._id, attemptId: item.attemptId, state: 'unknown' as const };
    const release = (options: { sentMessageId?: number }) => {
      if (item.reservation)
        chatOps.push({
          updateOne: {
            filter: { chatId: item.chatId, reservedBy: item.reservation },
            update: chatRelease(rt, options),
          },
        });
    };
    switch (verdict.kind) {
      case 'sent':
        rt.stats.reconciledSent++;
        itemOps.push({
          updateOne: {
            filter: fence,
            update: {
              $set: {
                state: 'sent',
                messageId: verdict.messageId,
                telegramDate: null,
                reconciledAt: at,
                leaseOwner: null,
                leaseUntil: null,
                failureReason: null,
              },
            },
          },
        });
        release({ sentMessageId: verdict.messageId });
        break;
      case 'requeue':
        // Not found: it was never sent, so it is sent (once more, once).
        rt.stats.requeued++;
        itemOps.push({
          updateOne: {
            filter: fence,
            update: {
              $set: { state: 'queued', notBefore: at, leaseOwner: null, leaseUntil: null, reconciledAt: at },
            },
          },
        });
        release({});
        break;
      case 'undeliverable':
        undeliverable.push({ item, reason: verdict.reason });
        break;
      case 'later':
        itemOps.push({
          updateOne: {
            filter: fence,
            update: {
              $set: {
                probeNextMessageId: verdict.nextMessageId,
                probeMisses: verdict.misses,
                leaseOwner: null,
                leaseUntil: new Date(at.getTime() + verdict.delayMs),
                ...(verdict.reason ? { failureReason: verdict.reason } : {}),
              },
            },
          },
        });
        break;
    }
  });
  if (itemOps.length > 0) await rt.models.OutboxItem.bulkWrite(itemOps, { ordered: false });
  if (chatOps.length > 0) await rt.models.OutboxChat.bulkWrite(chatOps, { ordered: false });
  for (const { item, reason } of undeliverable) await rt.markUndeliverable(item, reason);
}

async function noteForeign(rt: OutboxRuntime, chatId: number, messageId: number): Promise<void> {
  await rt.models.OutboxChat.updateOne(
    { chatId },
    { $push: { foreignMessageIds: { $each: [messageId], $slice: -FOREIGN_IDS_KEPT } } },
  );
}

/**
 * Frees chat reservations whose holder is gone (a crash between writing an item's outcome and freeing its
 * chat), raising the chat's baseline to the messages its items are recorded to have sent.
 * Reads only reserved chats, through their partial index.
 */
export async function freeOrphanedChats(rt: OutboxRuntime): Promise<void> {
  const { OutboxItem, OutboxChat } = rt.models;
  const at = rt.now();
  const stale = await OutboxChat.find(
    { reservedBy: { $type: 'string' }, nextSendAt: { $lt: at } },
    { chatId: 1, reservedBy: 1, lastKnownMessageId: 1 },
  )
    .limit(50)
    .lean();
  if (stale.length === 0) return;
  // One read for every holder: the in-flight items of these chats (a crash leaves hundreds to look at).
  const inFlight = await OutboxItem.find(
    { chatId: { $in: stale.map((chat) => chat.chatId) }, state: { $in: IN_FLIGHT } },
    { chatId: 1, reservation: 1, attemptId: 1 },
  ).lean();
  const held = new Set<string>();
  for (const item of inFlight) {
    if (item.reservation) held.add(`${item.chatId}|${item.reservation}`);
    if (item.attemptId) held.add(`${item.chatId}|${item.attemptId}`);
  }
  for (const chat of stale) {
    const reservation = chat.reservedBy!;
    if (held.has(`${chat.chatId}|${reservation}`)) continue;
    const sent = await OutboxItem.find(
      { chatId: chat.chatId, state: 'sent', messageId: { $gt: chat.lastKnownMessageId } },
      { messageId: 1 },
    ).lean();
    const sentIds = sent.map((item) => item.messageId).filter((id): id is number => typeof id === 'number');
    await OutboxChat.updateOne(
      { chatId: chat.chatId, reservedBy: reservation },
      {
        $set: { reservedBy: null, nextSendAt: at },
        ...(sentIds.length > 0
          ? {
              $max: { lastKnownMessageId: Math.max(...sentIds) },
              $push: { foreignMessageIds: { $each: sentIds, $slice: -FOREIGN_IDS_KEPT } },
            }
          : {}),
      },
    );
  }
}

/** Frees the chat reservation held by the item's attempt, recording a message id it now owns. */
export async function releaseChat(
  rt: Pick<OutboxRuntime, 'models' | 'now' | 'settings'>,
  item: Pick<OutboxItemRecord, 'chatId' | 'reservation'>,
  options: { sentMessageId?: number; notBefore?: Date },
): Promise<void> {
  if (!item.reservation) return;
  await rt.models.OutboxChat.updateOne(
    { chatId: item.chatId, reservedBy: item.reservation },
    chatRelease(rt, options),
  );
}

export function chatRelease(
  rt: Pick<OutboxRuntime, 'now' | 'settings'>,
  options: { sentMessageId?: number; notBefore?: Date },
): Record<string, unknown> {
  const nextSendAt = options.notBefore ?? later(rt, rt.settings.perChatIntervalMs);
  const update: Record<string, unknown> = { $set: { reservedBy: null, nextSendAt } };
  if (options.sentMessageId !== undefined) {
    update.$max = { lastKnownMessageId: options.sentMessageId };
    update.$push = { foreignMessageIds: { $each: [options.sentMessageId], $slice: -FOREIGN_IDS_KEPT } };
  }
  return update;
}
