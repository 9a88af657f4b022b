// Telegram-like flood limits in constant time per request: a sliding window that allows `limit`
// sends per `windowMs` only needs the times of its last `limit` sends, kept in a ring.

export interface RateLimitOptions {
  /** Sends accepted per rolling second over all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Sends accepted per rolling second per chat (Telegram: about 1). */
  perChatPerSecond?: number;
  /** Sends per rolling minute per group chat (negative chat id; Telegram: 20). */
  perGroupPerMinute?: number;
  /** Fixed retry_after in seconds; default: seconds until the window frees up (at least 1). */
  retryAfter?: number;
  /** Which methods count; default: send*, copy*, forward*, editMessage* (not sendChatAction). */
  methods?: string[];
}

export interface ChatLimitOptions {
  /** The retry_after each limited call carries; with `forSeconds`, the seconds left instead. */
  retryAfter: number;
  /** Lifts itself after this many seconds; without it the limit holds until `liftChatLimit`. */
  forSeconds?: number;
}

/** The last `limit` accepted send times, oldest overwritten first. */
class SlidingWindow {
  private readonly times: number[];
  private next = 0;
  private filled = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.times = new Array<number>(Math.max(1, limit)).fill(0);
  }

  /** Milliseconds until one more send fits, or 0 if it fits now. */
  waitMs(now: number): number {
    if (this.limit <= 0) return this.windowMs;
    if (this.filled < this.limit) return 0;
    const oldest = this.times[this.next]!;
    return Math.max(0, oldest + this.windowMs - now);
  }

  record(now: number): void {
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.times.length;
    this.filled = Math.min(this.filled + 1, this.limit);
  }

  /** True when every recorded send has left the window (the window may be forgotten). */
  idle(now: number): boolean {
    const newest = this.times[(this.next + this.times.length - 1) % this.times.length]!;
    return this.filled === 0 || newest + this.windowMs <= now;
  }
}

/** Limits to one chat only: manual (until lifted) or timed, as Telegram's per-chat flood wait. */
interface ChatLimit {
  retryAfter: number;
  until?: number;
}

const DEFAULT_COUNTED = /^(send|copy|forward|editmessage)/;

export class FloodControl {
  private options: RateLimitOptions | undefined;
  private global: SlidingWindow | undefined;
  private readonly perChat = new Map<number, SlidingWindow>();
  private readonly perGroup = new Map<number, SlidingWindow>();
  private readonly chatLimits = new Map<number, ChatLimit>();
  /** Chats whose windows are checked for idleness on later requests, a few per request (head-indexed queue). */
  private sweepQueue: number[] = [];
  private sweepHead = 0;

  configure(options: RateLimitOptions | undefined): void {
    this.options = options;
    this.global =
      options?.globalPerSecond !== undefined ? new SlidingWindow(options.globalPerSecond, 1000) : undefined;
    this.perChat.clear();
    this.perGroup.clear();
    this.sweepQueue = [];
    this.sweepHead = 0;
  }

  limitChat(chatId: number, options: ChatLimitOptions, now: number): void {
    this.chatLimits.set(chatId, {
      retryAfter: options.retryAfter,
      ...(options.forSeconds !== undefined ? { until: now + options.forSeconds * 1000 } : {}),
    });
  }

  liftChatLimit(chatId: number): void {
    this.chatLimits.delete(chatId);
  }

  isChatLimited(chatId: number, now: number): boolean {
    return this.activeChatLimit(chatId, now) !== undefined;
  }

  /** Chats whose recent sends are remembered (idle ones are forgotten as requests go on). */
  get rememberedChats(): number {
    return this.perChat.size + this.perGroup.size;
  }

  counts(method: string): boolean {
    const key = method.toLowerCase();
    const methods = this.options?.methods;
    if (methods) return methods.some((m) => m.toLowerCase() === key);
    return DEFAULT_COUNTED.test(key) && key !== 'sendchataction';
  }

  /** The retry_after (seconds) for a refused call, or undefined when the call is accepted and counted. */
  check(method: string, chatId: number | undefined, now: number): number | undefined {
    const counted = this.counts(method);
    if (!counted) return undefined;
    if (chatId !== undefined) {
      const chatLimit = this.activeChatLimit(chatId, now);
      if (chatLimit) {
        return chatLimit.until === undefined
          ? chatLimit.retryAfter
          : Math.max(1, Math.ceil((chatLimit.until - now) / 1000));
      }
    }
    const options = this.options;
    if (!options) return undefined;
    // Before this call's windows are looked up, so a window it is about to use is never forgotten.
    this.sweep(now);
    const windows: SlidingWindow[] = [];
    if (this.global) windows.push(this.global);
    if (chatId !== undefined && options.perChatPerSecond !== undefined) {
      windows.push(this.windowOf(this.perChat, chatId, options.perChatPerSecond, 1000));
    }
    if (chatId !== undefined && chatId < 0 && options.perGroupPerMinute !== undefined) {
      windows.push(this.windowOf(this.perGroup, chatId, options.perGroupPerMinute, 60_000));
    }
    const waitMs = Math.max(0, ...windows.map((window) => window.waitMs(now)));
    if (waitMs > 0) return options.retryAfter ?? Math.max(1, Math.ceil(waitMs / 1000));
    for (const window of windows) window.record(now);
    return undefined;
  }

  private activeChatLimit(chatId: number, now: number): ChatLimit | undefined {
    const limit = this.chatLimits.get(chatId);
    if (limit?.until !== undefined && limit.until <= now) {
      this.chatLimits.delete(chatId);
      return undefined;
    }
    return limit;
  }

  private windowOf(
    windows: Map<number, SlidingWindow>,
    chatId: number,
    limit: number,
    windowMs: number,
  ): SlidingWindow {
    let window = windows.get(chatId);
    if (!window) {
      window = new SlidingWindow(limit, windowMs);
      windows.set(chatId, window);
      this.sweepQueue.push(chatId);
    }
    return window;
  }

  /** Forgets up to two idle chats per request, so a broadcast to many chats does not grow memory forever. */
  private sweep(now: number): void {
    for (let n = 0; n < 2 && this.sweepHead < this.sweepQueue.length; n++) {
      const chatId = this.sweepQueue[this.sweepHead++]!;
      const chat = this.perChat.get(chatId);
      const group = this.perGroup.get(chatId);
      if ((chat === undefined || chat.idle(now)) && (group === undefined || group.idle(now))) {
        this.perChat.delete(chatId);
        this.perGroup.delete(chatId);
      } else {
        this.sweepQueue.push(chatId);
      }
    }
    // Drop the consumed head now and then: amortised constant time, bounded memory.
    if (this.sweepHead > 1024 && this.sweepHead * 2 > this.sweepQueue.length) {
      this.sweepQueue = this.sweepQueue.slice(this.sweepHead);
      this.sweepHead = 0;
    }
  }
}
