import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';
import type { Connection } from 'mongoose';
import { logger as appLogger } from '../../logger.ts';
import { claimBatch } from './claim.ts';
import { loggableError } from './errors.ts';
import { createOutboxModels, type OutboxItemRecord, type OutboxModels } from './models.ts';
import { runSender } from './pipeline.ts';
import { FloodDetector, RateLimiter } from './rate-limiter.ts';
import { freeOrphanedChats, probeRound, releaseChat, requeueUnstarted } from './reconcile.ts';
import {
  emptyStats,
  later,
  type OutboxLogger,
  type OutboxRuntime,
  type OutboxSettings,
  type OutboxWorkerStats,
} from './runtime.ts';

export type { OutboxLogger, OutboxWorkerStats };

export interface OutboxWorkerOptions {
  /** Either a connection (models are created on it) or the models themselves. */
  connection?: Connection;
  models?: OutboxModels;
  /** The Api to send with. Do not install auto-retry on it: the worker handles 429 itself, and a retried network error could send twice. */
  api: Api;
  /** Unique per process (e.g. hostname:pid); recorded as the lease owner. */
  instanceId: string;
  now?: () => Date;
  /**
   * Requests per second this instance may make, sends and probes together: the part of Telegram's
   * budget (about 30 messages/s for a bot, replies included) given to the outbox, divided by the
   * number of instances.
   */
  ceilingPerSecond?: number;
  /** The share of the ceiling actually used (the rest absorbs timing jitter on the wire). */
  rateFraction?: number;
  /** Minimum spacing of outbox requests (messages and probes) to one chat, across all instances. */
  perChatIntervalMs?: number;
  /** Claimed batches held at once: the next batch is claimed while the current one is being sent. */
  pipelines?: number;
  /** Items claimed per round trip (default: half a second of requests); capped so that a batch is sent well within its lease. */
  batchSize?: number;
  /** How long a claim is valid; a crashed instance's items are recovered once it is over. */
  leaseMs?: number;
  /** A request still unanswered after this is aborted and its outcome is unknown. */
  sendTimeoutMs?: number;
  /** Sleep between empty polls. */
  pollIntervalMs?: number;
  /** How often to look for items whose holder died or whose outcome is unknown. */
  reconcileIntervalMs?: number;
  /** Wait after an unknown outcome before probing (lets a slow request land first). */
  unknownGraceMs?: number;
  /** Message ids probed above the baseline, at most. */
  probeWindow?: number;
  /** Consecutive missing ids after which probing concludes the item was not sent. */
  probeMissLimit?: number;
  /** Failures that certainly did not send, before the item becomes undeliverable. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Called once per undeliverable item (retried after a crash, so make it idempotent: enqueue by key). */
  onUndeliverable?(item: OutboxItemRecord): void | Promise<void>;
  logger?: OutboxLogger;
}

export interface OutboxWorker {
  /** Stops claiming, lets requests in flight finish, puts unsent claimed items back. */
  stop(): Promise<void>;
  /** Resolves once nothing is queued, sending, unknown or awaiting its undeliverable callback. */
  drain(): Promise<void>;
  stats(): OutboxWorkerStats;
  /** The settings in force (defaults and derived sizes filled in). */
  readonly settings: OutboxSettings;
}

const ACTIVE_STATES = ['queued', 'sending', 'unknown'] as const;
/** How often reservations left by a crash are looked for, in reconcile intervals. */
const SWEEP_EVERY = 10;

export function resolveSettings(options: Partial<OutboxWorkerOptions>): OutboxSettings & { burst: number } {
  const ceiling = options.ceilingPerSecond ?? 25;
  const fraction = options.rateFraction ?? 0.97;
  if (!(ceiling > 0)) throw new Error(`ceilingPerSecond must be positive, got ${ceiling}`);
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`rateFraction must be in (0, 1], got ${fraction}`);
  const ratePerSecond = ceiling * fraction;
  const leaseMs = options.leaseMs ?? 15_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 5_000;
  if (leaseMs <= sendTimeoutMs) throw new Error('leaseMs must exceed sendTimeoutMs');
  const pipelines = Math.max(1, Math.floor(options.pipelines ?? (ratePerSecond >= 200 ? 3 : 2)));
  // A batch waits behind the others held, then is sent at the full rate; half the lease after its last
  // start is the margin.
  const fits = Math.floor((ratePerSecond * (leaseMs - sendTimeoutMs)) / 1000 / pipelines / 2);
  // About half a second of requests per claim: a claim's few round trips take longer than 100 ms on a
  // busy database, so a fixed batch of 100 left the sender waiting at high rates.
  const batchSize = Math.max(1, Math.min(options.batchSize ?? Math.ceil(ratePerSecond / 2), fits, 1000));
  // About 25 ms of requests per write: few writes, and few items to probe after a crash.
  const chunkSize = Math.max(1, Math.min(batchSize, Math.round(ratePerSecond / 40)));
  return {
    ratePerSecond,
    // After a stall (a busy event loop, a slow write) up to 100 ms of requests may catch up; the
    // limiter's rolling-second cap still holds, so the ceiling is never reached.
    burst: Math.max(1, Math.ceil(ratePerSecond / 10)),
    perChatIntervalMs: options.perChatIntervalMs ?? 1000,
    pipelines,
    batchSize,
    chunkSize,
    // About 100 ms of requests recorded as started before the limiter reaches them: a slow write does not
    // stall the sender, and a crash leaves about that many items to probe.
    startAheadChunks: 1 + Math.ceil((ratePerSecond * 0.1) / chunkSize),
    leaseMs,
    sendTimeoutMs,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 5_000,
    unknownGraceMs: options.unknownGraceMs ?? 10_000,
    probeWindow: options.probeWindow ?? 20,
    probeMissLimit: Math.max(1, options.probeMissLimit ?? 3),
    maxAttempts: options.maxAttempts ?? 5,
    backoffBaseMs: options.backoffBaseMs ?? 5_000,
    backoffMaxMs: options.backoffMaxMs ?? 15 * 60_000,
  };
}

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const models = options.models ?? (options.connection ? createOutboxModels(options.connection) : undefined);
  if (!models) throw new Error('startOutboxWorker needs models or a connection');
  const { burst, ...settings } = resolveSettings(options);
  const log = options.logger ?? appLogger;
  const stopper = new AbortController();
  // Every waiting request listens to it; their number is bounded by the batch, not by a listener limit.
  setMaxListeners(0, stopper.signal);
  const stopping = () => stopper.signal.aborted;
  const idle = (ms: number) => sleep(ms, undefined, { signal: stopper.signal }).catch(() => undefined);

  const rt: OutboxRuntime = {
    models,
    api: options.api,
    instanceId: options.instanceId,
    now: options.now ?? (() => new Date()),
    settings,
    limiter: new RateLimiter(settings.ratePerSecond, burst),
    // A bot-wide 429 refuses every request, so at a high rate many chats are refused within a second;
    // a few chats' own limits (a user the bot is talking to) must not stop a broadcast.
    flood: new FloodDetector(Math.max(3, Math.ceil(settings.ratePerSecond / 50))),
    stats: emptyStats(),
    log,
    stopSignal: stopper.signal,
    markUndeliverable,
  };

  /** Marks an item undeliverable (fenced by its attempt) and runs the callback once. */
  async function markUndeliverable(item: OutboxItemRecord, reason: string): Promise<void> {
    const updated = await models!.OutboxItem.findOneAndUpdate(
      { _id: item._id, attemptId: item.attemptId, state: { $in: ['sending', 'unknown'] } },
      {
        $set: {
          state: 'undeliverable',
          failureReason: reason,
          undeliverableAlertPending: true,
          leaseOwner: rt.instanceId,
          leaseUntil: later(rt, settings.leaseMs),
        },
      },
      { returnDocument: 'after' },
    ).lean<OutboxItemRecord>();
    if (!updated) return;
    rt.stats.undeliverable++;
    await releaseChat(rt, item, {});
    log.warn({ itemId: item._id, reason }, 'outbox item undeliverable');
    await runUndeliverableCallback(updated);
  }

  async function runUndeliverableCallback(item: OutboxItemRecord): Promise<void> {
    try {
      await options.onUndeliverable?.(item);
      await models!.OutboxItem.updateOne(
        { _id: item._id, leaseOwner: rt.instanceId },
        { $set: { undeliverableAlertPending: false, leaseOwner: null, leaseUntil: null } },
      );
    } catch (error) {
      // Left pending: the reconcile loop retries it after the lease.
      log.error({ err: loggableError(error), itemId: item._id }, 'onUndeliverable failed');
    }
  }

  /** Undeliverable callbacks lost in a crash (or that failed) are run again. */
  async function retryPendingCallbacks(): Promise<void> {
    while (!stopping()) {
      const item = await models!.OutboxItem.findOneAndUpdate(
        { state: 'undeliverable', leaseUntil: { $lt: rt.now() }, undeliverableAlertPending: true },
        { $set: { leaseOwner: rt.instanceId, leaseUntil: later(rt, settings.leaseMs) } },
        { returnDocument: 'after' },
      ).lean<OutboxItemRecord>();
      if (!item) return;
      await runUndeliverableCallback(item);
    }
  }

  async function sendLoop(): Promise<void> {
    while (!stopping()) {
      try {
        await runSender(rt, { claim: (size) => claimBatch(rt, size), idle });
      } catch (error) {
        log.error({ err: loggableError(error) }, 'outbox send loop failed');
        await idle(settings.pollIntervalMs);
      }
    }
  }

  async function reconcileLoop(): Promise<void> {
    let rounds = 0;
    while (!stopping()) {
      try {
        const requeued = await requeueUnstarted(rt);
        const probed = await probeRound(rt);
        await retryPendingCallbacks();
        // A dead holder's items were just found: its chat reservations may be left too.
        if (rounds++ % SWEEP_EVERY === 0 || requeued > 0) await freeOrphanedChats(rt);
        if (requeued + probed === 0) await idle(settings.reconcileIntervalMs);
        // Items still being probed are due again after the per-chat interval.
        else if (probed > 0 && probed < settings.batchSize)
          await idle(Math.min(settings.reconcileIntervalMs, settings.perChatIntervalMs));
      } catch (error) {
        log.error({ err: loggableError(error) }, 'outbox reconcile loop failed');
        await idle(settings.reconcileIntervalMs);
      }
    }
  }

  const running = Promise.all([sendLoop(), reconcileLoop()]);

  return {
    settings,
    async stop() {
      stopper.abort();
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
        await sleep(Math.min(settings.pollIntervalMs, 100));
      }
    },
    stats: () => ({ ...rt.stats }),
  };
}
