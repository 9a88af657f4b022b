import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';

/** An abort signal typed the way grammY's method signatures want it (they name the abort-controller polyfill). */
export type ApiSignal = NonNullable<Parameters<Api['sendMessage']>[3]>;
export const timeoutSignal = (ms: number) => AbortSignal.timeout(ms) as unknown as ApiSignal;

/**
 * Spaces requests evenly at `perSecond`, and never lets a rolling second (as Telegram counts) hold more
 * than `perSecond` of them: a request that went out late does not let the following ones crowd into
 * its second. A caller that fell behind may catch up by at most `burst` requests within that cap.
 * Uses the monotonic clock, not the app clock, because it is about real time on the wire.
 */
export class RateLimiter {
  private nextAt = 0;
  private readonly spacingMs: number;
  private readonly slackMs: number;
  /** The times of the last `window` requests (scheduled, then actual once they went). */
  private readonly recent: Float64Array;
  private granted = 0;

  constructor(perSecond: number, burst = 0) {
    if (!(perSecond > 0)) throw new Error(`the outbox rate must be positive, got ${perSecond}`);
    this.spacingMs = 1000 / perSecond;
    this.slackMs = Math.max(0, Math.floor(burst)) * this.spacingMs;
    this.recent = new Float64Array(Math.max(1, Math.floor(perSecond)));
  }

  /** Resolves when the caller may make one request (at once if `signal` aborts). */
  async take(signal?: AbortSignal): Promise<void> {
    const window = this.recent.length;
    const now = performance.now();
    let at = Math.max(now - this.slackMs, this.nextAt);
    const slot = this.granted++ % window;
    if (this.granted > window) at = Math.max(at, this.recent[slot]! + 1000);
    this.recent[slot] = at;
    this.nextAt = at + this.spacingMs;
    if (at - now >= 1) await sleep(at - now, undefined, { signal }).catch(() => undefined);
    this.recent[slot] = Math.max(at, performance.now());
  }

  /** Holds every request back for `ms` (Telegram asked the whole bot to wait). */
  pause(ms: number): void {
    this.nextAt = Math.max(this.nextAt, performance.now() + ms);
  }
}

/**
 * Tells a chat's own 429 (that chat waits, nobody else) from a bot-wide one: when `distinctChats`
 * different chats are refused within a second, the bot as a whole is over its limit and every request
 * must wait.
 */
export class FloodDetector {
  private recent: { chatId: number; at: number }[] = [];

  constructor(private readonly distinctChats = 3) {}

  /** Records a 429 in `chatId`; true when it looks bot-wide. */
  note(chatId: number): boolean {
    const now = performance.now();
    this.recent = this.recent.filter((entry) => now - entry.at < 1000 && entry.chatId !== chatId);
    this.recent.push({ chatId, at: now });
    if (this.recent.length < this.distinctChats) return false;
    this.recent = [];
    return true;
  }
}
