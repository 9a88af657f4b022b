// A fake Telegram Bot API server on 127.0.0.1 that a REAL grammY bot polls through
// `client: { apiRoot }`. It keeps per-chat message state, serves files, records every call and
// can inject faults (failNext, blocked chats, rate limits). Simulated users push updates into it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import type {
  BotCommand,
  Chat,
  ForceReply,
  InlineKeyboardMarkup,
  Message,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';
import { type ChatLimitOptions, FloodControl, type RateLimitOptions } from './flood-control.ts';
import { guessMimeType } from './mime.ts';
import { parseRequestBody, type UploadedPart } from './request-body.ts';
import { SimulatedUser, type SimulatedUserOptions } from './simulated-user.ts';
import { EntityParseError, TELEGRAM_LIMITS, visibleText } from './telegram-text.ts';
import { checkTranscript } from './transcript-checks.ts';

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface ApiErrorSpec {
  error_code: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type ApiResponse =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Uploaded file parts of a multipart request (bytes included). */
  uploads: UploadedPart[];
  token: string;
  /** Arrival time (ms since epoch). */
  at: number;
  response: ApiResponse;
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
  bytes: Buffer;
  uploadedBy: 'bot' | 'user';
}

/** A file the bot attached to a message: uploaded bytes, or a file_id/URL it referenced. */
export interface SentFile {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
  /** Present when the bot uploaded the file (multipart) or re-sent a stored one. */
  bytes?: Buffer;
}

export interface MessageEdit {
  at: number;
  method: string;
  text?: string;
  caption?: string;
  reply_markup?: ReplyMarkup;
}

/** A message in a chat as the fake server sees it now (after edits). */
export interface ChatMessage {
  message_id: number;
  chat_id: number;
  sender: 'bot' | 'user';
  /** The API method that created it (`sendMessage`, `sendPhoto`, ...; `update` for user messages). */
  method: string;
  date: number;
  text?: string;
  caption?: string;
  parse_mode?: string;
  reply_markup?: ReplyMarkup;
  reply_to_message_id?: number;
  photo?: SentFile;
  document?: SentFile;
  /** Other media (video, audio, voice, animation, sticker, video_note). */
  media?: { kind: string; file: SentFile };
  deleted: boolean;
  /** Previous states, oldest first; empty when never edited. */
  edits: MessageEdit[];
  /** The message as Telegram would return it now. */
  raw: Message;
}

export interface ChatEvent {
  seq: number;
  chatId: number;
  kind: 'sent' | 'edited' | 'deleted';
  messageId: number;
  at: number;
}

export interface CallbackAnswer {
  callbackQueryId: string;
  userId: number;
  text?: string;
  showAlert: boolean;
  url?: string;
  at: number;
}

export interface FakeBotApiOptions {
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** Overrides fields of the getMe result. */
  botInfo?: Partial<UserFromGetMe>;
  /** Quiet period after the bot confirmed an update before an action counts as processed. Default 10 ms. */
  settleMs?: number;
  /** How long an action waits for the bot to process its update. Default 10 000 ms. */
  processTimeoutMs?: number;
}

/** The part of a grammY Bot that `trackUpdates` wraps. */
export interface TrackableBot<E> {
  handleUpdate(update: Update, ...rest: never[]): Promise<void>;
  errorHandler: (error: E) => unknown;
}

interface FailRule {
  error: ApiErrorSpec;
  chatId?: number;
}

interface Poller {
  /** `superseded`: a newer getUpdates replaced this one, so it must answer []. */
  wake: (superseded?: boolean) => void;
}

interface Waiter {
  attempt: () => void;
  cancel: (error: Error) => void;
}

interface CallContext {
  method: string;
  params: Record<string, unknown>;
  uploads: Map<string, UploadedPart>;
  token: string;
  res: ServerResponse;
}

class ApiFailure extends Error {
  constructor(readonly spec: ApiErrorSpec) {
    super(spec.description ?? `Error ${spec.error_code}`);
  }
}

const badRequest = (description: string) =>
  new ApiFailure({ error_code: 400, description: `Bad Request: ${description}` });

const DEFAULT_ERROR_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  409: 'Conflict: terminated by other getUpdates request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

// Update types Telegram leaves out when allowed_updates is empty.
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const MEDIA_METHODS: Record<string, string> = {
  sendvideo: 'video',
  sendaudio: 'audio',
  sendvoice: 'voice',
  sendanimation: 'animation',
  sendsticker: 'sticker',
  sendvideonote: 'video_note',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly downloads: { path: string; token: string; at: number }[] = [];
  readonly tokens = new Set<string>();
  readonly botInfo: UserFromGetMe;
  apiRoot = '';

  private server: Server | undefined;
  private readonly options: FakeBotApiOptions;
  private stopping = false;
  /** Accepts requests and never answers them, as Telegram does when it is unreachable behind a proxy. */
  private unresponsive = false;
  /** Methods whose new requests are accepted and held unanswered (lower case), until resumeAnswering. */
  private readonly hangingMethods = new Set<string>();
  private held: (() => void)[] = [];

  // Updates and long polling
  private queue: Update[] = [];
  private nextUpdateId = 1000;
  private confirmedOffset = 0;
  private offsetAdvancedAt = 0;
  private readonly droppedUpdates = new Set<number>();
  private readonly handledUpdates = new Set<number>();
  private trackedBots = 0;
  private allowedUpdates: string[] = [];
  private readonly pollers = new Set<Poller>();
  /** Set by setWebhook: updates are then POSTed there instead of waiting for getUpdates. */
  private webhook: { url: string; secret: string | undefined } | null = null;

  // Activity tracking for "the bot finished processing"
  private inFlight = 0;
  private lastActivityAt = 0;
  private readonly waiters = new Set<Waiter>();

  // Chats, messages, files
  private readonly chats = new Map<number, { nextMessageId: number; messages: Map<number, ChatMessage> }>();
  private readonly events: ChatEvent[] = [];
  private eventCounter = 0;
  private readonly filesById = new Map<string, StoredFile>();
  private readonly filesByPath = new Map<string, StoredFile>();
  private fileCounter = 0;
  /** Set in --local mode: where getFile puts files, answering their absolute paths. */
  private localFilesDir: string | undefined;
  private readonly users = new Map<number, SimulatedUser>();
  private readonly callbacks = new Map<string, { userId: number; answer?: CallbackAnswer }>();
  private callbackCounter = 0;
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly menuButtons = new Map<string, unknown>();

  // Fault injection
  private readonly failRules = new Map<string, FailRule[]>();
  private readonly blockedChats = new Set<number>();
  private readonly flood = new FloodControl();
  private readonly tooMany = { total: 0, byChat: new Map<number, number>() };
  private forbiddenCount = 0;

  constructor(options: FakeBotApiOptions = {}) {
    this.options = options;
    this.botInfo = {
      id: 7_000_000_001,
      is_bot: true,
      first_name: 'Bagalau',
      username: 'bagalau_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
      ...options.botInfo,
    } as UserFromGetMe;
  }

  // ---------------------------------------------------------------- lifecycle

  async start(): Promise<{ apiRoot: string }> {
    if (this.server) return { apiRoot: this.apiRoot };
    this.stopping = false;
    const server = createServer((req, res) => {
      this.handleHttp(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          this.writeJson(res, 500, { ok: false, error_code: 500, description: String(error) });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
    return { apiRoot: this.apiRoot };
  }

  /** Answers waiting long polls with [], closes all connections and rejects pending waits. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopping = true;
    this.unresponsive = false;
    if (this.localFilesDir) rmSync(this.localFilesDir, { recursive: true, force: true });
    this.localFilesDir = undefined;
    this.hangingMethods.clear();
    this.releaseHeld();
    for (const poller of [...this.pollers]) poller.wake();
    for (const waiter of [...this.waiters]) waiter.cancel(new Error('FakeBotApi stopped'));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.server = undefined;
  }

  // ---------------------------------------------------------------- users and updates

  /** Creates a simulated user chatting with the bot in a private chat (chat id = user id). */
  user(options: SimulatedUserOptions): SimulatedUser {
    const user = new SimulatedUser(this, options);
    this.users.set(options.id, user);
    return user;
  }

  /** Queues an update (update_id assigned) and wakes waiting long polls. Does not wait. */
  pushUpdate(update: Omit<Update, 'update_id'>): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    if (this.webhook) {
      void this.deliverToWebhook(full, this.webhook);
      return full;
    }
    this.queue.push(full);
    for (const poller of [...this.pollers]) poller.wake();
    this.notify();
    return full;
  }

  /**
   * Makes "the bot processed this update" exact for a grammY bot running in this process, however
   * it runs updates (bot.start() one by one, or @grammyjs/runner concurrently): its handleUpdate
   * and error handler are wrapped so that each update is acknowledged once its middleware, and the
   * error handler if it failed, have finished. Call it after `bot.catch(...)`.
   */
  trackUpdates<E extends { ctx: { update: { update_id: number } } }>(bot: TrackableBot<E>): void {
    const handle = bot.handleUpdate.bind(bot);
    const onError = bot.errorHandler;
    const failed = new Set<number>();
    bot.handleUpdate = async (update, ...rest) => {
      try {
        await handle(update, ...rest);
        this.acknowledge(update.update_id);
      } catch (error) {
        // The caller hands a middleware error to errorHandler: acknowledged when that is done.
        if ((error as Partial<E>).ctx?.update?.update_id === update.update_id) failed.add(update.update_id);
        else this.acknowledge(update.update_id);
        throw error;
      }
    };
    bot.errorHandler = async (error) => {
      const updateId = error.ctx.update.update_id;
      try {
        await onError(error);
      } finally {
        if (failed.delete(updateId)) this.acknowledge(updateId);
      }
    };
    this.trackedBots++;
  }

  /**
   * Resolves once the bot has processed the update. With a tracked bot (`trackUpdates`) that is
   * its acknowledgement. Otherwise the getUpdates offset decides, which is exact only for
   * `bot.start()`: grammY handles a batch sequentially and only then asks for `getUpdates` with
   * `offset = last update_id + 1`. Either way we then also wait until no API request is in flight
   * and nothing happened for `settleMs`, which catches fire-and-forget calls started at the end of
   * the handler.
   */
  async waitProcessed(updateId: number, timeoutMs = this.options.processTimeoutMs ?? 10_000): Promise<void> {
    const settleMs = this.options.settleMs ?? 10;
    const deadline = Date.now() + timeoutMs;
    const tracked = this.trackedBots > 0;
    await this.waitUntil(
      () =>
        (tracked || this.webhook ? this.handledUpdates.has(updateId) : this.confirmedOffset > updateId) ||
        this.droppedUpdates.has(updateId),
      timeoutMs,
      () =>
        tracked
          ? `The bot did not finish update ${updateId} within ${timeoutMs} ms (queued updates: ${this.queue.length}, ` +
            `requests in flight: ${this.inFlight}). Is the tracked bot polling ${this.apiRoot || '(server not started)'}?`
          : `The bot did not confirm update ${updateId} within ${timeoutMs} ms (last getUpdates offset: ` +
            `${this.confirmedOffset}, queued updates: ${this.queue.length}). Is the bot polling ${this.apiRoot || '(server not started)'} ` +
            'with bot.start(), and did its handler finish?',
    );
    await this.waitUntil(
      () =>
        this.inFlight === 0 && Date.now() - Math.max(this.lastActivityAt, this.offsetAdvancedAt) >= settleMs,
      Math.max(deadline - Date.now(), settleMs + 50),
      () => `The bot still had ${this.inFlight} API request(s) in flight after update ${updateId}`,
    );
  }

  /**
   * Webhook delivery, as Telegram does it: one POST per update with the secret token header; the
   * update counts as processed when the bot answers the request.
   */
  private async deliverToWebhook(
    update: Update,
    to: { url: string; secret: string | undefined },
  ): Promise<void> {
    try {
      const response = await fetch(to.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(to.secret ? { 'x-telegram-bot-api-secret-token': to.secret } : {}),
        },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
    } catch {
      // Telegram would retry later; the tests see the missing reply instead.
    } finally {
      this.acknowledge(update.update_id);
    }
  }

  /** True once a tracked bot finished the update (see `trackUpdates`). */
  isHandled(updateId: number): boolean {
    return this.handledUpdates.has(updateId);
  }

  private acknowledge(updateId: number): void {
    this.handledUpdates.add(updateId);
    this.offsetAdvancedAt = Date.now();
    this.notify();
  }

  /** Resolves with the first truthy value of `check`, re-checked on every change and every 5 ms. */
  waitUntil<T>(
    check: () => T | undefined | false | null,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = () => {
        done = true;
        clearTimeout(timer);
        clearInterval(tick);
        this.waiters.delete(waiter);
      };
      const attempt = () => {
        if (done) return;
        try {
          const value = check();
          if (value !== undefined && value !== false && value !== null) {
            finish();
            resolve(value);
          }
        } catch (error) {
          finish();
          reject(error);
        }
      };
      const waiter: Waiter = {
        attempt,
        cancel: (error) => {
          if (done) return;
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        if (done) return;
        finish();
        reject(new Error(describe()));
      }, timeoutMs);
      const tick = setInterval(attempt, 5);
      this.waiters.add(waiter);
      attempt();
    });
  }

  // ---------------------------------------------------------------- inspection

  callsOf(method: string): RecordedCall[] {
    const wanted = method.toLowerCase();
    return this.calls.filter((call) => call.method.toLowerCase() === wanted);
  }

  /** Current state of one message, or undefined. */
  message(chatId: number, messageId: number): ChatMessage | undefined {
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    return stored ? this.snapshot(stored) : undefined;
  }

  /** All messages of a chat (bot's and users'), in order, deleted ones included. */
  chatMessages(chatId: number): ChatMessage[] {
    const chat = this.chats.get(chatId);
    if (!chat) return [];
    return [...chat.messages.values()]
      .sort((a, b) => a.message_id - b.message_id)
      .map((m) => this.snapshot(m));
  }

  /** Sequence number of the latest chat event; use as a cursor for `eventsSince`. */
  get eventSeq(): number {
    return this.eventCounter;
  }

  eventsSince(seq: number, chatId?: number): ChatEvent[] {
    return this.events.filter((e) => e.seq > seq && (chatId === undefined || e.chatId === chatId));
  }

  file(fileId: string): StoredFile | undefined {
    return this.filesById.get(fileId);
  }

  /**
   * Behaves like a self-hosted Bot API server started with --local: getFile answers the absolute
   * path of the file on this machine (written to a temporary folder), and nothing is served over HTTP.
   */
  serveFilesLocally(): void {
    this.localFilesDir ??= mkdtempSync(join(tmpdir(), 'fake-bot-api-files-'));
  }

  /** Stores bytes as a Telegram file (served at /file/bot<token>/<file_path>). */
  storeFile(
    bytes: Buffer,
    info: { fileName?: string; mimeType?: string; kind?: string; uploadedBy?: 'bot' | 'user' } = {},
  ): StoredFile {
    const n = ++this.fileCounter;
    const kind = info.kind ?? 'document';
    const ext = info.fileName ? extname(info.fileName) : '';
    const file: StoredFile = {
      file_id: `fake-${kind}-${n}`,
      file_unique_id: `uniq-${n}`,
      file_path: `${kind}s/file_${n}${ext}`,
      file_name: info.fileName,
      mime_type: info.mimeType ?? (info.fileName ? guessMimeType(info.fileName) : undefined),
      file_size: bytes.length,
      bytes,
      uploadedBy: info.uploadedBy ?? 'user',
    };
    this.filesById.set(file.file_id, file);
    this.filesByPath.set(file.file_path, file);
    return file;
  }

  /** Records a message a simulated user sent (assigns message_id, date, chat). */
  addUserMessage(chatId: number, from: User, content: Record<string, unknown>): Message {
    const stored: ChatMessage = {
      message_id: this.nextMessageId(chatId),
      chat_id: chatId,
      sender: 'user',
      method: 'update',
      date: this.now(),
      text: typeof content.text === 'string' ? content.text : undefined,
      caption: typeof content.caption === 'string' ? content.caption : undefined,
      deleted: false,
      edits: [],
      raw: undefined as unknown as Message,
    };
    const raw = {
      message_id: stored.message_id,
      date: stored.date,
      chat: this.chatObject(chatId),
      from,
      ...content,
    };
    stored.raw = raw as Message;
    this.chatState(chatId).messages.set(stored.message_id, stored);
    return raw as Message;
  }

  registerCallbackQuery(userId: number): string {
    const id = `${userId}-${++this.callbackCounter}`;
    this.callbacks.set(id, { userId });
    return id;
  }

  callbackAnswers(userId?: number): CallbackAnswer[] {
    const answers: CallbackAnswer[] = [];
    for (const entry of this.callbacks.values()) {
      if (entry.answer && (userId === undefined || entry.userId === userId)) answers.push(entry.answer);
    }
    return answers.sort((a, b) => a.at - b.at);
  }

  /** Commands set with setMyCommands for a scope (default `{type:'default'}`) and language ('' = none). */
  myCommands(scope: Record<string, unknown> = { type: 'default' }, languageCode = ''): BotCommand[] {
    return this.commands.get(this.commandsKey(scope, languageCode)) ?? [];
  }

  stats(): {
    calls: number;
    tooManyRequests: number;
    tooManyRequestsByChat: Map<number, number>;
    forbidden: number;
  } {
    return {
      calls: this.calls.length,
      tooManyRequests: this.tooMany.total,
      tooManyRequestsByChat: new Map(this.tooMany.byChat),
      forbidden: this.forbiddenCount,
    };
  }

  // ---------------------------------------------------------------- fault injection

  /** The next call of `method` (optionally only for `chatId`) fails with `error`. Calls queue up. */
  failNext(
    method: string,
    error: ApiErrorSpec = { error_code: 500 },
    options: { chatId?: number; times?: number } = {},
  ) {
    const key = method.toLowerCase();
    const rules = this.failRules.get(key) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) rules.push({ error, chatId: options.chatId });
    this.failRules.set(key, rules);
  }

  /** Sends/edits to this chat answer 403 "Forbidden: bot was blocked by the user". */
  blockChat(chatId: number): void {
    this.blockedChats.add(chatId);
  }

  unblockChat(chatId: number): void {
    this.blockedChats.delete(chatId);
  }

  /** Enables (or with `undefined` disables) Telegram-like flood limits answering 429 + retry_after. */
  rateLimit(options: RateLimitOptions | undefined): void {
    this.flood.configure(options);
  }

  /**
   * Flood-waits one chat only: every counted call to it (send*, edit*, ...) answers 429 with
   * retry_after, while other chats are served as usual. Independent of `rateLimit`.
   */
  limitChat(chatId: number, options: ChatLimitOptions): void {
    this.flood.limitChat(chatId, options, Date.now());
  }

  liftChatLimit(chatId: number): void {
    this.flood.liftChatLimit(chatId);
    this.notify();
  }

  isChatLimited(chatId: number): boolean {
    return this.flood.isChatLimited(chatId, Date.now());
  }

  /**
   * From now on no request is answered (pending long polls included) until `stop()`: an unreachable
   * Telegram. With `methods`, only new requests of those methods are held, until `resumeAnswering()`.
   */
  stopAnswering(options: { methods?: string[] } = {}): void {
    if (options.methods) for (const method of options.methods) this.hangingMethods.add(method.toLowerCase());
    else this.unresponsive = true;
  }

  /** Answers the requests held by `stopAnswering({ methods })`, and the later ones at once. */
  resumeAnswering(): void {
    this.hangingMethods.clear();
    this.releaseHeld();
  }

  /** Requests held by `stopAnswering({ methods })` so far. */
  get heldRequests(): number {
    return this.held.length;
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    for (const release of held) release();
  }

  /** Bot API requests (long polls excluded) and downloads that have arrived and are not answered yet. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  // ---------------------------------------------------------------- HTTP

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch && (req.method === 'GET' || req.method === 'HEAD')) {
      this.trackActivity(res);
      this.serveFile(fileMatch[1]!, decodeURIComponent(fileMatch[2]!), res);
      return;
    }
    const apiMatch = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!apiMatch) {
      req.resume();
      this.writeJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const token = decodeURIComponent(apiMatch[1]!);
    const method = apiMatch[2]!;
    const isPoll = method.toLowerCase() === 'getupdates';
    if (!isPoll) this.trackActivity(res);
    const at = Date.now();
    this.tokens.add(token);

    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let params: Record<string, unknown>;
    let uploads: Map<string, UploadedPart>;
    try {
      ({ params, uploads } = parseRequestBody(
        Buffer.concat(chunks),
        req.headers['content-type'],
        url.searchParams,
      ));
    } catch (error) {
      const response: ApiResponse = {
        ok: false,
        error_code: 400,
        description: `Bad Request: can't parse request body: ${String(error)}`,
      };
      this.record({ method, params: {}, uploads: [], token, at, response });
      this.writeJson(res, 400, response);
      return;
    }

    if (this.hangingMethods.has(method.toLowerCase())) {
      await new Promise<void>((release) => {
        this.held.push(release);
        this.notify();
      });
    }
    const response = await this.dispatch({ method, params, uploads, token, res });
    this.record({ method, params, uploads: [...uploads.values()], token, at, response });
    this.writeJson(res, response.ok ? 200 : response.error_code, response);
  }

  private trackActivity(res: ServerResponse): void {
    this.inFlight++;
    this.lastActivityAt = Date.now();
    res.once('close', () => {
      this.inFlight--;
      this.lastActivityAt = Date.now();
      this.notify();
    });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    checkTranscript(call);
    if (!call.response.ok && call.response.error_code === 429) {
      this.tooMany.total++;
      const chatId = this.chatIdOf(call.params);
      if (chatId !== undefined) this.tooMany.byChat.set(chatId, (this.tooMany.byChat.get(chatId) ?? 0) + 1);
    }
    if (!call.response.ok && call.response.error_code === 403) this.forbiddenCount++;
    this.notify();
  }

  private writeJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed || this.unresponsive) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private serveFile(token: string, path: string, res: ServerResponse): void {
    this.tokens.add(token);
    this.downloads.push({ path, token, at: Date.now() });
    const file = this.localFilesDir ? undefined : this.filesByPath.get(path);
    if (this.unresponsive) return;
    if (!file) {
      this.writeJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
    res.end(file.bytes);
  }

  private async dispatch(ctx: CallContext): Promise<ApiResponse> {
    const key = ctx.method.toLowerCase();
    const chatId = this.chatIdOf(ctx.params);
    const rules = this.failRules.get(key);
    const ruleIndex = rules?.findIndex((rule) => rule.chatId === undefined || rule.chatId === chatId) ?? -1;
    if (rules && ruleIndex >= 0) {
      const [rule] = rules.splice(ruleIndex, 1);
      return this.errorResponse(rule!.error);
    }
    const isChatWrite = /^(send|copy|forward|edit)/.test(key);
    if (isChatWrite && chatId !== undefined && this.blockedChats.has(chatId)) {
      return this.errorResponse({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    const limited = this.checkRateLimit(key, chatId);
    if (limited) return limited;
    try {
      const result = key === 'getupdates' ? await this.getUpdates(ctx) : this.handleMethod(key, ctx);
      return { ok: true, result };
    } catch (error) {
      if (error instanceof ApiFailure) return this.errorResponse(error.spec);
      return { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` };
    }
  }

  private errorResponse(spec: ApiErrorSpec): ApiResponse {
    let description = spec.description ?? DEFAULT_ERROR_TEXT[spec.error_code] ?? `Error ${spec.error_code}`;
    if (
      spec.description === undefined &&
      spec.error_code === 429 &&
      spec.parameters?.retry_after !== undefined
    ) {
      description = `Too Many Requests: retry after ${spec.parameters.retry_after}`;
    }
    return {
      ok: false,
      error_code: spec.error_code,
      description,
      ...(spec.parameters ? { parameters: spec.parameters } : {}),
    };
  }

  private checkRateLimit(key: string, chatId: number | undefined): ApiResponse | undefined {
    const retryAfter = this.flood.check(key, chatId, Date.now());
    if (retryAfter === undefined) return undefined;
    return this.errorResponse({ error_code: 429, parameters: { retry_after: retryAfter } });
  }

  // ---------------------------------------------------------------- getUpdates (long polling)

  private async getUpdates({ params, res }: CallContext): Promise<Update[]> {
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    const limit = typeof params.limit === 'number' && params.limit > 0 ? Math.min(params.limit, 100) : 100;
    const timeout = typeof params.timeout === 'number' ? params.timeout : 0;
    if (Array.isArray(params.allowed_updates)) this.allowedUpdates = params.allowed_updates as string[];

    // A newer getUpdates supersedes older waiting ones (Telegram would answer them with 409;
    // an empty answer is kinder to a client that already aborted them, like bot.stop()).
    for (const poller of [...this.pollers]) poller.wake(true);

    if (offset > 0) {
      this.queue = this.queue.filter((u) => u.update_id >= offset);
      if (offset > this.confirmedOffset) {
        this.confirmedOffset = offset;
        this.offsetAdvancedAt = Date.now();
        this.notify();
      }
    } else if (offset < 0) {
      this.queue = this.queue.slice(offset);
    }

    let updates = this.takeUpdates(limit);
    if (updates.length > 0 || timeout <= 0 || this.stopping) return updates;

    let superseded = false;
    await new Promise<void>((resolve) => {
      const poller: Poller = {
        wake: (replaced = false) => {
          superseded ||= replaced;
          clearTimeout(timer);
          this.pollers.delete(poller);
          res.off('close', onClose);
          resolve();
        },
      };
      const onClose = () => poller.wake();
      const timer = setTimeout(() => poller.wake(), timeout * 1000);
      res.once('close', onClose);
      this.pollers.add(poller);
    });
    // Superseded or aborted polls return nothing: their client is gone or replaced.
    if (superseded || res.destroyed || this.stopping) return [];
    updates = this.takeUpdates(limit);
    return updates;
  }

  private takeUpdates(limit: number): Update[] {
    const allowed = this.allowedUpdates;
    const isAllowed = (update: Update) => {
      const type = Object.keys(update).find((k) => k !== 'update_id') ?? '';
      return allowed.length > 0 ? allowed.includes(type) : !OPT_IN_UPDATES.has(type);
    };
    const dropped = this.queue.filter((u) => !isAllowed(u));
    if (dropped.length > 0) {
      for (const u of dropped) this.droppedUpdates.add(u.update_id);
      this.queue = this.queue.filter(isAllowed);
      this.notify();
    }
    return this.queue.slice(0, limit);
  }

  // ---------------------------------------------------------------- methods

  private handleMethod(key: string, ctx: CallContext): unknown {
    const p = ctx.params;
    switch (key) {
      case 'getme':
        return this.botInfo;
      case 'setwebhook':
        this.webhook = { url: String(p.url), secret: p.secret_token ? String(p.secret_token) : undefined };
        return true;
      case 'deletewebhook':
        this.webhook = null;
        return true;
      case 'logout':
      case 'close':
      case 'sendchataction':
        return true;
      case 'getwebhookinfo':
        return {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.queue.length,
        };
      case 'sendmessage':
        return this.sendMessage(p);
      case 'editmessagetext':
        return this.editMessage(ctx, 'text');
      case 'editmessagecaption':
        return this.editMessage(ctx, 'caption');
      case 'editmessagereplymarkup':
        return this.editMessage(ctx, 'markup');
      case 'deletemessage':
        return this.deleteMessages(this.requireChatId(p), [Number(p.message_id)]);
      case 'deletemessages':
        return this.deleteMessages(this.requireChatId(p), ((p.message_ids as unknown[]) ?? []).map(Number));
      case 'answercallbackquery':
        return this.answerCallbackQuery(p);
      case 'sendphoto':
        return this.sendFile(ctx, 'photo', 'photo');
      case 'senddocument':
        return this.sendFile(ctx, 'document', 'document');
      case 'getfile':
        return this.getFile(p);
      case 'setmycommands':
        this.commands.set(this.commandsKey(p.scope, p.language_code), (p.commands as BotCommand[]) ?? []);
        return true;
      case 'getmycommands':
        return this.commands.get(this.commandsKey(p.scope, p.language_code)) ?? [];
      case 'deletemycommands':
        this.commands.delete(this.commandsKey(p.scope, p.language_code));
        return true;
      case 'setchatmenubutton':
        this.menuButtons.set(String(p.chat_id ?? 'default'), p.menu_button ?? { type: 'default' });
        return true;
      case 'getchatmenubutton':
        return this.menuButtons.get(String(p.chat_id ?? 'default')) ?? { type: 'default' };
      case 'getchat':
        return this.chatObject(this.requireChatId(p));
      default: {
        const mediaKind = MEDIA_METHODS[key];
        if (mediaKind) return this.sendFile(ctx, mediaKind, 'media');
        return true; // unknown methods succeed; the call is recorded
      }
    }
  }

  private sendMessage(p: Record<string, unknown>): Message {
    const chatId = this.requireChatId(p);
    const text = this.messageText(p);
    const markup = this.validMarkup(p.reply_markup);
    const stored = this.newBotMessage(chatId, 'sendMessage', p, { text, reply_markup: markup });
    return stored.raw;
  }

  private sendFile(ctx: CallContext, field: string, slot: 'photo' | 'document' | 'media'): Message {
    const p = ctx.params;
    const chatId = this.requireChatId(p);
    const value = p[field];
    let file: SentFile;
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const upload = ctx.uploads.get(value.slice('attach://'.length));
      if (!upload) throw badRequest(`wrong file identifier/HTTP URL specified (missing part for ${value})`);
      const stored = this.storeFile(upload.bytes, {
        fileName: upload.filename,
        mimeType: slot === 'document' ? guessMimeType(upload.filename) : undefined,
        kind: field,
        uploadedBy: 'bot',
      });
      file = { ...stored };
    } else if (typeof value === 'string' && value !== '') {
      const known = this.filesById.get(value);
      file = known ? { ...known } : { file_id: value, file_unique_id: `uniq-${value.slice(-16)}` };
    } else {
      throw badRequest(`there is no ${field} in the request`);
    }
    const caption = this.messageCaption(p);
    const markup = this.validMarkup(p.reply_markup);
    const method = `send${field.charAt(0).toUpperCase()}${field.slice(1)}`;
    const content: Partial<ChatMessage> = { caption, reply_markup: markup };
    if (slot === 'photo') content.photo = file;
    else if (slot === 'document') content.document = file;
    else content.media = { kind: field, file };
    return this.newBotMessage(chatId, method, p, content).raw;
  }

  private editMessage(ctx: CallContext, what: 'text' | 'caption' | 'markup'): Message | true {
    const p = ctx.params;
    if (p.inline_message_id !== undefined) return true;
    const chatId = this.requireChatId(p);
    const stored = this.chats.get(chatId)?.messages.get(Number(p.message_id));
    if (!stored || stored.deleted) throw badRequest('message to edit not found');
    if (stored.sender !== 'bot') throw badRequest("message can't be edited");
    const newMarkup = this.validMarkup(p.reply_markup);
    // Editing without reply_markup removes the inline keyboard (a reply keyboard is not part of the message).
    const oldInline =
      stored.reply_markup && 'inline_keyboard' in stored.reply_markup ? stored.reply_markup : undefined;
    const keptMarkup = oldInline ? undefined : stored.reply_markup;
    const nextMarkup = newMarkup ?? keptMarkup;
    const sameMarkup = JSON.stringify(newMarkup ?? null) === JSON.stringify(oldInline ?? null);
    const before: MessageEdit = {
      at: Date.now(),
      method: ctx.method,
      text: stored.text,
      caption: stored.caption,
      reply_markup: stored.reply_markup,
    };
    if (what === 'text') {
      if (stored.text === undefined) throw badRequest('there is no text in the message to edit');
      const text = this.messageText(p);
      if (text === stored.text && sameMarkup) throw badRequest(NOT_MODIFIED);
      stored.text = text;
      stored.parse_mode = typeof p.parse_mode === 'string' ? p.parse_mode : undefined;
    } else if (what === 'caption') {
      if (!stored.photo && !stored.document && !stored.media)
        throw badRequest('there is no caption in the message to edit');
      const caption = this.messageCaption(p);
      if (caption === stored.caption && sameMarkup) throw badRequest(NOT_MODIFIED);
      stored.caption = caption;
    } else if (sameMarkup) {
      throw badRequest(NOT_MODIFIED);
    }
    stored.reply_markup = nextMarkup;
    stored.edits.push(before);
    stored.raw = this.buildRaw(stored, true);
    this.addEvent(chatId, 'edited', stored.message_id);
    return stored.raw;
  }

  /** The text as Telegram keeps it: parse_mode markup removed, then at most 4,096 UTF-16 units. */
  private messageText(p: Record<string, unknown>): string {
    if (typeof p.text !== 'string') throw badRequest('message text is empty');
    const text = this.parsedText(p.text, Array.isArray(p.entities) ? undefined : p.parse_mode);
    if (text.trim() === '') throw badRequest('message text is empty');
    if (text.length > TELEGRAM_LIMITS.textLength) throw badRequest('message is too long');
    return text;
  }

  /** A media caption as Telegram keeps it: parse_mode markup removed, then at most 1,024 UTF-16 units. */
  private messageCaption(p: Record<string, unknown>): string | undefined {
    if (typeof p.caption !== 'string') return undefined;
    const caption = this.parsedText(p.caption, Array.isArray(p.caption_entities) ? undefined : p.parse_mode);
    if (caption.length > TELEGRAM_LIMITS.captionLength) throw badRequest('message caption is too long');
    return caption;
  }

  private parsedText(raw: string, parseMode: unknown): string {
    try {
      return visibleText(raw, parseMode);
    } catch (error) {
      if (error instanceof EntityParseError) throw badRequest(error.message);
      throw error;
    }
  }

  private deleteMessages(chatId: number, ids: number[]): true {
    for (const id of ids) {
      const stored = this.chats.get(chatId)?.messages.get(id);
      if (!stored || stored.deleted) throw badRequest('message to delete not found');
      stored.deleted = true;
      this.addEvent(chatId, 'deleted', id);
    }
    return true;
  }

  private answerCallbackQuery(p: Record<string, unknown>): true {
    const id = String(p.callback_query_id ?? '');
    const entry = this.callbacks.get(id);
    if (!entry || entry.answer) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    entry.answer = {
      callbackQueryId: id,
      userId: entry.userId,
      text: typeof p.text === 'string' ? p.text : undefined,
      showAlert: p.show_alert === true,
      url: typeof p.url === 'string' ? p.url : undefined,
      at: Date.now(),
    };
    return true;
  }

  private getFile(p: Record<string, unknown>) {
    const file = this.filesById.get(String(p.file_id ?? ''));
    if (!file) throw badRequest('invalid file_id');
    let filePath = file.file_path;
    if (this.localFilesDir) {
      filePath = join(this.localFilesDir, file.file_path);
      mkdirSync(dirname(filePath), { recursive: true });
      writeFileSync(filePath, file.bytes);
    }
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.file_size,
      file_path: filePath,
    };
  }

  // ---------------------------------------------------------------- message state helpers

  private newBotMessage(
    chatId: number,
    method: string,
    p: Record<string, unknown>,
    content: Partial<ChatMessage>,
  ): ChatMessage {
    const replyTo =
      typeof p.reply_to_message_id === 'number'
        ? p.reply_to_message_id
        : (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    const stored: ChatMessage = {
      message_id: this.nextMessageId(chatId),
      chat_id: chatId,
      sender: 'bot',
      method,
      date: this.now(),
      parse_mode: typeof p.parse_mode === 'string' ? p.parse_mode : undefined,
      reply_to_message_id: replyTo,
      deleted: false,
      edits: [],
      raw: undefined as unknown as Message,
      ...content,
    };
    stored.raw = this.buildRaw(stored, false);
    this.chatState(chatId).messages.set(stored.message_id, stored);
    this.addEvent(chatId, 'sent', stored.message_id);
    return stored;
  }

  private buildRaw(stored: ChatMessage, edited: boolean): Message {
    const raw: Record<string, unknown> = {
      message_id: stored.message_id,
      date: stored.date,
      chat: this.chatObject(stored.chat_id),
      from: {
        id: this.botInfo.id,
        is_bot: true,
        first_name: this.botInfo.first_name,
        username: this.botInfo.username,
      },
    };
    if (edited) raw.edit_date = this.now();
    if (stored.text !== undefined) raw.text = stored.text;
    if (stored.caption !== undefined) raw.caption = stored.caption;
    // Only inline keyboards are echoed back in Message objects.
    if (stored.reply_markup && 'inline_keyboard' in stored.reply_markup)
      raw.reply_markup = stored.reply_markup;
    const describe = (f: SentFile) => ({
      file_id: f.file_id,
      file_unique_id: f.file_unique_id,
      ...(f.file_size !== undefined ? { file_size: f.file_size } : {}),
    });
    if (stored.photo) raw.photo = [{ ...describe(stored.photo), width: 320, height: 320 }];
    if (stored.document) {
      raw.document = {
        ...describe(stored.document),
        ...(stored.document.file_name ? { file_name: stored.document.file_name } : {}),
        ...(stored.document.mime_type ? { mime_type: stored.document.mime_type } : {}),
      };
    }
    if (stored.media) raw[stored.media.kind] = describe(stored.media.file);
    return raw as unknown as Message;
  }

  private validMarkup(value: unknown): ReplyMarkup | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object') throw badRequest("can't parse reply keyboard markup JSON object");
    const markup = value as ReplyMarkup;
    if ('inline_keyboard' in markup) {
      for (const row of markup.inline_keyboard) {
        for (const button of row) {
          if (!button.text) throw badRequest('text buttons are unallowed in the inline keyboard');
          const data = (button as { callback_data?: string }).callback_data;
          if (
            data !== undefined &&
            (Buffer.byteLength(data) > TELEGRAM_LIMITS.callbackDataBytes || data === '')
          ) {
            throw badRequest('BUTTON_DATA_INVALID');
          }
        }
      }
    }
    return markup;
  }

  private addEvent(chatId: number, kind: ChatEvent['kind'], messageId: number): void {
    this.events.push({ seq: ++this.eventCounter, chatId, kind, messageId, at: Date.now() });
    this.notify();
  }

  private snapshot(stored: ChatMessage): ChatMessage {
    return { ...stored, edits: [...stored.edits] };
  }

  private chatState(chatId: number) {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { nextMessageId: 1, messages: new Map() };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  private nextMessageId(chatId: number): number {
    return this.chatState(chatId).nextMessageId++;
  }

  chatObject(chatId: number): Chat {
    const user = this.users.get(chatId);
    if (user) {
      return {
        id: chatId,
        type: 'private',
        first_name: user.info.first_name,
        ...(user.info.last_name ? { last_name: user.info.last_name } : {}),
        ...(user.info.username ? { username: user.info.username } : {}),
      };
    }
    if (chatId > 0) return { id: chatId, type: 'private', first_name: `User ${chatId}` };
    const type = chatId < -1_000_000_000_000 ? 'supergroup' : 'group';
    return { id: chatId, type, title: `Chat ${chatId}` } as Chat;
  }

  private requireChatId(p: Record<string, unknown>): number {
    const chatId = this.chatIdOf(p);
    if (chatId === undefined) throw badRequest('chat not found');
    return chatId;
  }

  private chatIdOf(p: Record<string, unknown>): number | undefined {
    const value = p.chat_id;
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
    return undefined;
  }

  private commandsKey(scope: unknown, languageCode: unknown): string {
    return JSON.stringify([
      scope ?? { type: 'default' },
      typeof languageCode === 'string' ? languageCode : '',
    ]);
  }

  private now(): number {
    return Math.floor(Date.now() / 1000);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.attempt();
  }

  /** Small helper for tests that need real time to pass (e.g. around retry_after). */
  static sleep = sleep;
}
