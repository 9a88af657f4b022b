import type { Api } from 'grammy';
import type { logger as appLogger } from '../../logger.ts';
import type { OutboxItemRecord, OutboxModels } from './models.ts';
import type { FloodDetector, RateLimiter } from './rate-limiter.ts';

export type OutboxLogger = Pick<typeof appLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface OutboxWorkerStats {
  /** Messages Telegram accepted (answers received). */
  sent: number;
  /** Items found by probing to have been sent (after a crash or an unknown outcome). */
  reconciledSent: number;
  /** Items probed, not found, and queued again. */
  requeued: number;
  /** Items of a dead holder that had made no request: queued again without probing. */
  requeuedUnstarted: number;
  /** editMessageReplyMarkup requests made to reconcile items. */
  probes: number;
  /** 429 answers (sends and probes). */
  rateLimited: number;
  /** 429 answers that held back the whole worker (several chats refused at once). */
  floodPauses: number;
  retried: number;
  undeliverable: number;
  unknown: number;
}

export const emptyStats = (): OutboxWorkerStats => ({
  sent: 0,
  reconciledSent: 0,
  requeued: 0,
  requeuedUnstarted: 0,
  probes: 0,
  rateLimited: 0,
  floodPauses: 0,
  retried: 0,
  undeliverable: 0,
  unknown: 0,
});

/** The worker's settings once defaults and derived sizes are filled in. */
export interface OutboxSettings {
  /** Requests per second actually made: a safe fraction of the configured ceiling. */
  ratePerSecond: number;
  perChatIntervalMs: number;
  /** Claimed batches held at once: the next is claimed while the current one is being sent. */
  pipelines: number;
  batchSize: number;
  /** Items whose request start is recorded in one write (and whose outcomes are recorded in one write). */
  chunkSize: number;
  /** Chunks whose start is recorded ahead of the limiter, so the sender never waits on that write. */
  startAheadChunks: number;
  leaseMs: number;
  sendTimeoutMs: number;
  pollIntervalMs: number;
  reconcileIntervalMs: number;
  unknownGraceMs: number;
  probeWindow: number;
  probeMissLimit: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** What the claim, send, record and reconcile steps share within one worker. */
export interface OutboxRuntime {
  models: OutboxModels;
  api: Api;
  instanceId: string;
  now(): Date;
  settings: OutboxSettings;
  limiter: RateLimiter;
  flood: FloodDetector;
  stats: OutboxWorkerStats;
  log: OutboxLogger;
  /** Aborted when the worker stops: waits end at once. */
  stopSignal: AbortSignal;
  markUndeliverable(item: OutboxItemRecord, reason: string): Promise<void>;
}

export const later = (rt: Pick<OutboxRuntime, 'now'>, ms: number) => new Date(rt.now().getTime() + ms);

/** A 429 in one chat: only that chat waits, unless several chats are refused at once (then everyone). */
export function noteRateLimited(rt: OutboxRuntime, chatId: number, retryAfterMs: number): void {
  rt.stats.rateLimited++;
  if (rt.flood.note(chatId)) {
    rt.stats.floodPauses++;
    rt.limiter.pause(retryAfterMs);
  }
}
