import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Api, InputFile } from 'grammy';
import type { InlineKeyboardMarkup, Message, ParseMode } from 'grammy/types';
import type { AnyBulkWriteOperation, Connection } from 'mongoose';
import { logger as appLogger } from '../../logger.ts';
import { classifySendError } from './errors.ts';
import { createOutboxModels, type OutboxItemRecord, type OutboxModels } from './models.ts';
import { RateLimiter, timeoutSignal } from './rate-limiter.ts';
import { chatRelease, reconcileItem, releaseChat } from './reconcile.ts';

export type OutboxLogger = Pick<typeof appLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface OutboxWorkerOptions {
  /** Either a connection (models are created on it) or the models themselves. */
  connection?: Connection;
  models?: OutboxModels;
  /** The Api to send with. Do not install auto-retry on it: the worker handles 429 itself, and a retried network error could send twice. */
  api: Api;
  /** Unique per process (e.g. hostname:pid); recorded as the lease owner. */
  instanceId: string;
  now?: () => Date;
  /** Overall requests per second, sends and probes together (Telegram: about 30). */
  ratePerSecond?: number;
  /** Minimum spacing of outbox messages to one chat, across all instances. */
  perChatIntervalMs?: number;
  /** Items claimed per round trip; default ratePerSecond / 2, between 1 and 100. */
  batchSize?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** How long a claim is valid; must exceed a batch's duration plus sendTimeoutMs. */
  leaseMs?: number;
  /** A request still unanswered after this is aborted and its outcome is unknown. */
  sendTimeoutMs?: number;
  /** Sleep between empty polls. */
  pollIntervalMs?: number;
  /** How often to look for items whose outcome is unknown (expired leases). */
  reconcileIntervalMs?: number;
  /** Wait after an unknown outcome before probing (lets a slow request land first). */
  unknownGraceMs?: number;
  /** Message ids probed above the baseline. */
  probeWindow?: number;
  /** Failures that certainly did not send, before the item becomes undeliverable. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Called once per undeliverable item (retried after a crash, so make it idempotent: enqueue by key). */
  onUndeliverable?(item: OutboxItemRecord): void | Promise<void>;
  logger?: OutboxLogger;
}

export interface OutboxWorkerStats {
  sent: number;
  reconciledSent: number;
  requeued: number;
  rateLimited: number;
  retried: number;
  undeliverable: number;
  unknown: number;
}

export interface OutboxWorker {
  /** Stops claiming, lets requests in flight finish, puts unsent claimed items back. */
  stop(): Promise<void>;
  /** Resolves once nothing is queued, sending, unknown or awaiting its undeliverable callback. */
  drain(): Promise<void>;
  stats(): OutboxWorkerStats;
}

type Outcome =
  | { kind: 'sent'; message: Message }
  | { kind: 'released' }
  | { kind: 'rateLimited'; retryAfterMs: number; reason: string }
  | { kind: 'retry'; reason: string }
  | { kind: 'undeliverable'; reason: string }
  | { kind: 'unknownOutcome'; reason: string };

const ACTIVE_STATES = ['queued', 'sending', 'unknown'] as const;

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const models = options.models ?? (options.connection ? createOutboxModels(options.connection) : undefined);
  if (!models) throw new Error('startOutboxWorker needs models or a connection');
  const { api, instanceId } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? appLogger;
  const ratePerSecond = options.ratePerSecond ?? 25;
  const perChatIntervalMs = options.perChatIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? Math.min(100, Math.max(1, Math.ceil(ratePerSecond / 2)));
  const concurrency = options.concurrency ?? Math.min(batchSize, 16);
  const leaseMs = options.leaseMs ?? 60_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 20_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const reconcileIntervalMs = options.reconcileIntervalMs ?? 5_000;
  const unknownGraceMs = options.unknownGraceMs ?? 10_000;
  const probeWindow = options.probeWindow ?? 20;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoffBaseMs = options.backoffBaseMs ?? 5_000;
  const backoffMaxMs = options.backoffMaxMs ?? 15 * 60_000;
  const limiter = new RateLimiter(ratePerSecond);
  const stats: OutboxWorkerStats = {
    sent: 0,
    reconciledSent: 0,
    requeued: 0,
    rateLimited: 0,
    retried: 0,
    undeliverable: 0,
    unknown: 0,
  };

  let stopping = false;
  const wake = new AbortController();
  let nextReconcileAt = 0;

  const later = (ms: number) => new Date(now().getTime() + ms);
  const idle = (ms: number) => sleep(ms, undefined, { signal: wake.signal }).catch(() => undefined);

  /** Marks an item undeliverable (fenced by its attempt) and runs the callback once. */
  async function markUndeliverable(item: OutboxItemRecord, reason: string): Promise<void> {
    const updated = await models!.OutboxItem.findOneAndUpdate(
      { _id: item._id, attemptId: item.attemptId, state: { $in: ['sending', 'unknown'] } },
      {
        $set: {
          state: 'undeliverable',
          failureReason: reason,
          undeliverableAlertPending: true,
          leaseOwner: instanceId,
          leaseUntil: later(leaseMs),
        },
      },
      { returnDocument: 'after' },
    ).lean<OutboxItemRecord>();
    if (!updated) return;
    stats.undeliverable++;
    await releaseChat({ models: models!, now, perChatIntervalMs }, item, {});
    log.warn({ itemId: item._id, key: item.key, chatId: item.chatId, reason }, 'outbox item undeliverable');
    await runUndeliverableCallback(updated);
  }

  async function runUndeliverableCallback(item: OutboxItemRecord): Promise<void> {
    try {
      await options.onUndeliverable?.(item);
      await models!.OutboxItem.updateOne(
        { _id: item._id, leaseOwner: instanceId },
        { $set: { undeliverableAlertPending: false, leaseOwner: null, leaseUntil: null } },
      );
    } catch (error) {
      // Left pending: the sweep retries it after the lease.
      log.error({ err: error, itemId: item._id }, 'onUndeliverable failed');
    }
  }

  const reconcileDeps = {
    models,
    api,
    limiter,
    now,
    probeWindow,
    perChatIntervalMs,
    retryDelayMs: unknownGraceMs,
    sendTimeoutMs,
    markUndeliverable,
    warn: (details: object, message: string) => log.warn(details, message),
  };

  /** Items whose sender died or whose outcome was unknown, then undeliverable callbacks left pending. */
  async function reconcilePass(): Promise<void> {
    while (!stopping) {
      const at = now();
      const item = await models!.OutboxItem.findOneAndUpdate(
        { state: { $in: ['sending', 'unknown'] }, leaseUntil: { $lt: at } },
        {
          $set: {
            state: 'unknown',
            leaseOwner: instanceId,
            leaseUntil: later(leaseMs),
            attemptId: randomUUID(),
          },
          $inc: { reconciliations: 1 },
        },
        { returnDocument: 'after' },
      ).lean<OutboxItemRecord>();
      if (!item) break;
      const result = await reconcileItem(reconcileDeps, item);
      log.info({ itemId: item._id, key: item.key, result }, 'outbox item reconciled');
      if (result === 'sent') stats.reconciledSent++;
      if (result === 'requeued') stats.requeued++;
    }
    while (!stopping) {
      const item = await models!.OutboxItem.findOneAndUpdate(
        {
          state: 'undeliverable',
          undeliverableAlertPending: true,
          $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now() } }],
        },
        { $set: { leaseOwner: instanceId, leaseUntil: later(leaseMs) } },
        { returnDocument: 'after' },
      ).lean<OutboxItemRecord>();
      if (!item) break;
      await runUndeliverableCallback(item);
    }
    await freeOrphanedChats();
  }

  /** A chat reservation whose item is no longer in flight (resolved some other way) is released. */
  async function freeOrphanedChats(): Promise<void> {
    const stale = await models!.OutboxChat.find({ reservedBy: { $ne: null }, nextSendAt: { $lt: now() } })
      .limit(50)
      .lean();
    for (const chat of stale) {
      const holder = await models!.OutboxItem.exists({
        chatId: chat.chatId,
        reservation: chat.reservedBy,
        state: { $in: ['sending', 'unknown'] },
      });
      if (!holder) {
        await models!.OutboxChat.updateOne(
          { chatId: chat.chatId, reservedBy: chat.reservedBy },
          { $set: { reservedBy: null, nextSendAt: now() } },
        );
      }
    }
  }

  /** Claims a batch (one item per chat, chats reserved), sends it, records the outcomes. Returns items handled. */
  async function sendBatch(): Promise<number> {
    const at = now();
    const claimId = `${instanceId}:${randomUUID()}`;
    const leaseUntil = new Date(at.getTime() + leaseMs);
    const candidates = await models!.OutboxItem.find(
      { state: 'queued', notBefore: { $lte: at } },
      { _id: 1, chatId: 1 },
    )
      .sort({ notBefore: 1 })
      .limit(batchSize * 2)
      .lean();
    if (candidates.length === 0) return 0;
    const byChat = new Map<number, (typeof candidates)[number]>();
    for (const candidate of candidates)
      if (!byChat.has(candidate.chatId)) byChat.set(candidate.chatId, candidate);
    const picked = [...byChat.values()].slice(0, batchSize);

    // Atomic per document: of several instances claiming the same item, exactly one matches state 'queued'.
    await models!.OutboxItem.updateMany(
      { _id: { $in: picked.map((c) => c._id) }, state: 'queued' },
      {
        $set: { state: 'sending', leaseOwner: instanceId, leaseUntil, attemptId: claimId, reservation: null },
      },
    );
    const claimed = await models!.OutboxItem.find({ attemptId: claimId, state: 'sending' }).lean<
      OutboxItemRecord[]
    >();
    if (claimed.length === 0) return 0;
    const chatIds = claimed.map((item) => item.chatId);

    // Reserve the chats: at most one outbox message in flight (or unknown) per chat, across instances.
    await models!.OutboxChat.bulkWrite(
      chatIds.map((chatId) => ({
        updateOne: { filter: { chatId }, update: { $setOnInsert: { chatId } }, upsert: true },
      })),
      { ordered: false },
    );
    await models!.OutboxChat.updateMany(
      { chatId: { $in: chatIds }, reservedBy: null, nextSendAt: { $lte: at } },
      { $set: { reservedBy: claimId, nextSendAt: leaseUntil } },
    );
    const chats = new Map(
      (await models!.OutboxChat.find({ chatId: { $in: chatIds } }).lean()).map((chat) => [chat.chatId, chat]),
    );

    const ready: OutboxItemRecord[] = [];
    const prep: AnyBulkWriteOperation[] = [];
    for (const item of claimed) {
      const chat = chats.get(item.chatId);
      if (chat?.reservedBy === claimId) {
        ready.push({ ...item, reservation: claimId, probeFromMessageId: chat.lastKnownMessageId });
        prep.push({
          updateOne: {
            filter: { _id: item._id, attemptId: claimId },
            update: {
              $set: { reservation: claimId, probeFromMessageId: chat.lastKnownMessageId },
              $inc: { attempts: 1 },
            },
          },
        });
      } else {
        const busyUntil =
          chat?.nextSendAt && chat.nextSendAt > at ? chat.nextSendAt : later(perChatIntervalMs);
        prep.push({
          updateOne: {
            filter: { _id: item._id, attemptId: claimId },
            update: { $set: { state: 'queued', notBefore: busyUntil, leaseOwner: null, leaseUntil: null } },
          },
        });
      }
    }
    // The probe baseline is stored before any request: after a crash, reconciliation starts from it.
    if (prep.length > 0) await models!.OutboxItem.bulkWrite(prep, { ordered: false });

    const outcomes = await mapConcurrent(ready, concurrency, (item) => sendOne(item, leaseUntil));
    await recordOutcomes(ready, outcomes);
    return claimed.length;
  }

  async function sendOne(item: OutboxItemRecord, leaseUntil: Date): Promise<Outcome> {
    if (stopping) return { kind: 'released' };
    await limiter.take();
    // Never start a request that could outlive the lease: another instance would then reconcile it.
    if (stopping || leaseUntil.getTime() - now().getTime() < sendTimeoutMs) return { kind: 'released' };
    const payload = item.payload;
    const other = {
      parse_mode: (payload.parse_mode ?? undefined) as ParseMode | undefined,
      reply_markup: payload.reply_markup as InlineKeyboardMarkup,
    };
    try {
      const signal = timeoutSignal(sendTimeoutMs);
      const photo = toPhoto(payload.photo);
      const message = photo
        ? await api.sendPhoto(item.chatId, photo, { ...other, caption: payload.text }, signal)
        : await api.sendMessage(item.chatId, payload.text, other, signal);
      return { kind: 'sent', message };
    } catch (error) {
      const failure = classifySendError(error);
      if (failure.kind === 'rateLimited') limiter.pause(failure.retryAfterMs);
      return failure;
    }
  }

  async function recordOutcomes(items: OutboxItemRecord[], outcomes: Outcome[]): Promise<void> {
    const at = now();
    const itemOps: AnyBulkWriteOperation[] = [];
    const chatOps: AnyBulkWriteOperation[] = [];
    const undeliverable: { item: OutboxItemRecord; reason: string }[] = [];
    const deps = { now, perChatIntervalMs };
    items.forEach((item, index) => {
      const outcome = outcomes[index]!;
      const fence = { _id: item._id, attemptId: item.attemptId, state: 'sending' as const };
      const chatFilter = { chatId: item.chatId, reservedBy: item.reservation };
      const requeue = (notBefore: Date, reason: string | null) => {
        itemOps.push({
          updateOne: {
            filter: fence,
            update: {
              $set: { state: 'queued', notBefore, leaseOwner: null, leaseUntil: null, failureReason: reason },
            },
          },
        });
        chatOps.push({ updateOne: { filter: chatFilter, update: chatRelease(deps, { notBefore }) } });
      };
      switch (outcome.kind) {
        case 'sent': {
          stats.sent++;
          const messageId = outcome.message.message_id;
          itemOps.push({
            updateOne: {
              filter: fence,
              update: {
                $set: {
                  state: 'sent',
                  messageId,
                  telegramDate: new Date(outcome.message.date * 1000),
                  sentAt: at,
                  leaseOwner: null,
                  leaseUntil: null,
                  failureReason: null,
                },
              },
            },
          });
          chatOps.push({
            updateOne: { filter: chatFilter, update: chatRelease(deps, { sentMessageId: messageId }) },
          });
          break;
        }
        case 'released':
          // Not attempted: the attempt counter goes back down.
          itemOps.push({ updateOne: { filter: fence, update: { $inc: { attempts: -1 } } } });
          requeue(at, null);
          break;
        case 'rateLimited':
          stats.rateLimited++;
          requeue(new Date(at.getTime() + outcome.retryAfterMs), outcome.reason);
          break;
        case 'retry':
          if (item.attempts + 1 >= maxAttempts) {
            undeliverable.push({ item, reason: outcome.reason });
          } else {
            stats.retried++;
            requeue(new Date(at.getTime() + backoff(item.attempts + 1)), outcome.reason);
          }
          break;
        case 'undeliverable':
          undeliverable.push({ item, reason: outcome.reason });
          break;
        case 'unknownOutcome':
          // Keep the chat reserved; reconcile after the grace period.
          stats.unknown++;
          log.warn(
            { itemId: item._id, key: item.key, reason: outcome.reason },
            'outbox send outcome unknown',
          );
          itemOps.push({
            updateOne: {
              filter: fence,
              update: {
                $set: {
                  state: 'unknown',
                  leaseOwner: null,
                  leaseUntil: new Date(at.getTime() + unknownGraceMs),
                  failureReason: outcome.reason,
                },
              },
            },
          });
          break;
      }
    });
    if (itemOps.length > 0) await models!.OutboxItem.bulkWrite(itemOps, { ordered: true });
    if (chatOps.length > 0) await models!.OutboxChat.bulkWrite(chatOps, { ordered: false });
    for (const { item, reason } of undeliverable) await markUndeliverable(item, reason);
  }

  function backoff(attempt: number): number {
    return Math.min(backoffMaxMs, backoffBaseMs * 2 ** (attempt - 1));
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        if (performance.now() >= nextReconcileAt) {
          nextReconcileAt = performance.now() + reconcileIntervalMs;
          await reconcilePass();
        }
        const handled = await sendBatch();
        if (handled === 0 && !stopping) await idle(pollIntervalMs);
      } catch (error) {
        log.error({ err: error }, 'outbox worker cycle failed');
        if (!stopping) await idle(pollIntervalMs);
      }
    }
  }

  const running = loop();

  return {
    async stop() {
      stopping = true;
      wake.abort();
      await running;
    },
    async drain() {
      for (;;) {
        const busy = await models!.OutboxItem.exists({
          $or: [
            { state: { $in: ACTIVE_STATES } },
            { state: 'undeliverable', undeliverableAlertPending: true },
          ],
        });
        if (!busy) return;
        await sleep(Math.min(pollIntervalMs, 100));
      }
    },
    stats: () => ({ ...stats }),
  };
}

function toPhoto(photo: unknown): InputFile | string | undefined {
  if (photo === undefined || photo === null) return undefined;
  if (typeof photo === 'string') return photo;
  if (Buffer.isBuffer(photo)) return new InputFile(photo);
  // A BSON Binary read back with .lean().
  const bytes = (photo as { buffer?: Uint8Array }).buffer;
  if (bytes instanceof Uint8Array) return new InputFile(Buffer.from(bytes));
  return undefined;
}

async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}
