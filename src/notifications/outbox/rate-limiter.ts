import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';

/** An abort signal typed the way grammY's method signatures want it (they name the abort-controller polyfill). */
export type ApiSignal = NonNullable<Parameters<Api['sendMessage']>[3]>;
export const timeoutSignal = (ms: number) => AbortSignal.timeout(ms) as unknown as ApiSignal;

/**
 * Spaces requests evenly at `perSecond` (no bursts: Telegram's limits are per rolling second).
 * Uses the monotonic clock, not the app clock, because it is about real time on the wire.
 */
export class RateLimiter {
  private nextAt = 0;
  private readonly spacingMs: number;

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new Error(`ratePerSecond must be positive, got ${perSecond}`);
    this.spacingMs = 1000 / perSecond;
  }

  /** Resolves when the caller may make one request. */
  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.spacingMs;
    if (at - now >= 1) await sleep(at - now);
  }

  /** Holds every request back for `ms` (after a 429). */
  pause(ms: number): void {
    this.nextAt = Math.max(this.nextAt, performance.now() + ms);
  }
}
