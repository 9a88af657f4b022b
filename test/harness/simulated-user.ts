// A Telegram user chatting with the bot in a private chat (chat id = user id). Every action pushes
// an update into the FakeBotApi and, by default, resolves only once the bot has processed it:
// see FakeBotApi.waitProcessed (a bot registered with trackUpdates has finished the update, or for
// bot.start() its next getUpdates confirms the update id; then no API request may be in flight and
// the server must be quiet for `settleMs`). So
// `await user.send('/start')` is followed by assertions without sleeps or polling.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InlineKeyboardButton, KeyboardButton, Message, Update, User } from 'grammy/types';
import type { CallbackAnswer, ChatMessage, FakeBotApi } from './fake-bot-api.ts';
import { guessMimeType } from './mime.ts';

export interface SimulatedUserOptions {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /** Phone number shared by `shareContact()`; default derived from the id. */
  phone?: string;
}

export interface ActionOptions {
  /** Wait until the bot processed the update (default true). */
  wait?: boolean;
  timeoutMs?: number;
}

export interface ActionResult {
  update: Update;
  /** Bot messages sent or edited in this chat while the update was processed (current state). */
  replies: ChatMessage[];
}

export interface ContactOptions {
  /** Share one's own contact (default true): user_id = own id, phone = own phone. */
  own?: boolean;
  phone?: string;
  userId?: number;
  firstName?: string;
}

export type DocumentSource =
  | string
  | { fileName: string; bytes: Buffer | Uint8Array | string; mimeType?: string };

type ButtonMatcher = string | RegExp;

const matches = (text: string, matcher: ButtonMatcher) =>
  typeof matcher === 'string' ? text === matcher : matcher.test(text);

const preview = (message: ChatMessage) => {
  const text = message.text ?? message.caption ?? `(${message.method})`;
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
};

export class SimulatedUser {
  readonly id: number;
  readonly chatId: number;
  readonly info: User;
  readonly phone: string;
  /** Chat event cursor taken at the start of the latest action. */
  private cursor = 0;

  constructor(
    private readonly api: FakeBotApi,
    options: SimulatedUserOptions,
  ) {
    this.id = options.id;
    this.chatId = options.id;
    this.phone = options.phone ?? `+7700${String(options.id % 10_000_000).padStart(7, '0')}`;
    this.info = {
      id: options.id,
      is_bot: false,
      first_name: options.firstName,
      ...(options.lastName ? { last_name: options.lastName } : {}),
      ...(options.username ? { username: options.username } : {}),
      ...(options.languageCode ? { language_code: options.languageCode } : {}),
    };
  }

  // ---------------------------------------------------------------- actions

  /** Sends a text message; a leading `/command` gets a bot_command entity. */
  send(text: string, options: ActionOptions = {}): Promise<ActionResult> {
    const command = /^\/\S+/.exec(text);
    const entities = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined;
    return this.sendMessage({ text, ...(entities ? { entities } : {}) }, options);
  }

  /** Taps an inline button on the latest bot message that has an inline keyboard. */
  tap(button: ButtonMatcher, options: ActionOptions = {}): Promise<ActionResult> {
    const withKeyboard = this.messages().filter((m) => this.inlineButtons(m).length > 0);
    const latest = withKeyboard.at(-1);
    if (!latest) {
      const recent = this.messages().slice(-3).map(preview).join(', ') || 'none';
      throw new Error(
        `${this.label()}: no bot message with an inline keyboard to tap "${button}". Last messages: ${recent}`,
      );
    }
    const found = this.inlineButtons(latest).find((b) => matches(b.text, button));
    if (!found) {
      const older = withKeyboard
        .slice(0, -1)
        .filter((m) => this.inlineButtons(m).some((b) => matches(b.text, button)))
        .map((m) => `#${m.message_id}`);
      const hint =
        older.length > 0 ? ` Older messages with it: ${older.join(', ')} (use tapIn for stale buttons).` : '';
      throw new Error(`${this.noButtonMessage(latest, button)}${hint}`);
    }
    return this.tapIn(latest, button, options);
  }

  /** Taps an inline button on a given (possibly older) message, e.g. to test stale buttons. */
  tapIn(
    message: ChatMessage | number,
    button: ButtonMatcher,
    options: ActionOptions = {},
  ): Promise<ActionResult> {
    const messageId = typeof message === 'number' ? message : message.message_id;
    const current = this.api.message(this.chatId, messageId);
    if (current?.sender !== 'bot') {
      throw new Error(`${this.label()}: no bot message #${messageId} in this chat`);
    }
    if (current.deleted)
      throw new Error(`${this.label()}: bot message #${messageId} was deleted; its buttons are gone`);
    const found = this.inlineButtons(current).find((b) => matches(b.text, button));
    if (!found) throw new Error(this.noButtonMessage(current, button));
    const data = (found as { callback_data?: string }).callback_data;
    if (data === undefined) {
      throw new Error(
        `${this.label()}: button "${found.text}" has no callback_data: ${JSON.stringify(found)}`,
      );
    }
    const id = this.api.registerCallbackQuery(this.id);
    return this.act(
      {
        callback_query: {
          id,
          from: this.info,
          message: current.raw,
          chat_instance: `ci-${this.chatId}`,
          data,
        },
      } as Omit<Update, 'update_id'>,
      options,
    );
  }

  /**
   * Presses a button of the current reply keyboard (the latest bot message carrying a `keyboard`
   * or `remove_keyboard`). A `request_contact` button shares the user's own contact.
   */
  tapReplyKeyboard(button: ButtonMatcher, options: ActionOptions = {}): Promise<ActionResult> {
    const latest = this.api
      .chatMessages(this.chatId)
      .filter(
        (m) =>
          m.sender === 'bot' &&
          m.reply_markup &&
          ('keyboard' in m.reply_markup || 'remove_keyboard' in m.reply_markup),
      )
      .at(-1);
    if (!latest?.reply_markup || !('keyboard' in latest.reply_markup)) {
      throw new Error(`${this.label()}: no reply keyboard is shown, cannot press "${button}"`);
    }
    const buttons = latest.reply_markup.keyboard
      .flat()
      .map((b: KeyboardButton) => (typeof b === 'string' ? { text: b } : b));
    const found = buttons.find((b) => matches(b.text, button));
    if (!found) {
      const available = buttons.map((b) => JSON.stringify(b.text)).join(' | ');
      throw new Error(`${this.label()}: no reply keyboard button "${button}". Available: ${available}`);
    }
    if ('request_contact' in found && found.request_contact) return this.shareContact({ own: true }, options);
    return this.send(found.text, options);
  }

  /** Shares a contact: by default one's own (user_id = own id), or a foreign one with `own: false`. */
  shareContact(contact: ContactOptions = {}, options: ActionOptions = {}): Promise<ActionResult> {
    const own = contact.own ?? true;
    const userId = contact.userId ?? (own ? this.id : this.id + 1_000_000);
    const phone =
      contact.phone ?? (own ? this.phone : `+7701${String(userId % 10_000_000).padStart(7, '0')}`);
    return this.sendMessage(
      {
        contact: {
          phone_number: phone,
          first_name: contact.firstName ?? (own ? this.info.first_name : 'Other'),
          ...(own && this.info.last_name ? { last_name: this.info.last_name } : {}),
          user_id: userId,
        },
      },
      options,
    );
  }

  /** Sends a document from a path or from bytes; the fake server stores it for getFile + download. */
  async sendDocument(
    source: DocumentSource,
    options: ActionOptions & { caption?: string } = {},
  ): Promise<ActionResult> {
    const fileName = typeof source === 'string' ? basename(source) : source.fileName;
    const bytes =
      typeof source === 'string'
        ? await readFile(source)
        : Buffer.isBuffer(source.bytes)
          ? source.bytes
          : Buffer.from(source.bytes as Uint8Array | string);
    const mimeType = (typeof source === 'string' ? undefined : source.mimeType) ?? guessMimeType(fileName);
    const file = this.api.storeFile(bytes, { fileName, mimeType, kind: 'document', uploadedBy: 'user' });
    return this.sendMessage(
      {
        document: {
          file_id: file.file_id,
          file_unique_id: file.file_unique_id,
          file_name: fileName,
          mime_type: mimeType,
          file_size: file.file_size,
        },
        ...(options.caption !== undefined ? { caption: options.caption } : {}),
      },
      options,
    );
  }

  /** Blocks the bot: sends a my_chat_member update (kicked) and makes sends to this chat fail with 403. */
  blockBot(options: ActionOptions = {}): Promise<ActionResult> {
    this.api.blockChat(this.chatId);
    return this.chatMemberUpdate('member', 'kicked', options);
  }

  unblockBot(options: ActionOptions = {}): Promise<ActionResult> {
    this.api.unblockChat(this.chatId);
    return this.chatMemberUpdate('kicked', 'member', options);
  }

  // ---------------------------------------------------------------- inspection

  /** Bot messages in this chat, oldest first, current state after edits; deleted ones only on request. */
  messages(options: { includeDeleted?: boolean } = {}): ChatMessage[] {
    return this.api
      .chatMessages(this.chatId)
      .filter((m) => m.sender === 'bot' && (options.includeDeleted || !m.deleted));
  }

  /** The latest bot message that is not deleted. */
  lastMessage(): ChatMessage | undefined {
    return this.messages().at(-1);
  }

  /**
   * Resolves with the first bot message sent or edited in this chat since the latest action (or
   * since `since`, a FakeBotApi.eventSeq value) that satisfies `predicate` (current state).
   */
  waitForMessage(
    predicate?: (message: ChatMessage) => boolean,
    options: { timeoutMs?: number; since?: number } = {},
  ): Promise<ChatMessage> {
    const since = options.since ?? this.cursor;
    const timeoutMs = options.timeoutMs ?? 5000;
    return this.api.waitUntil(
      () => {
        for (const event of this.api.eventsSince(since, this.chatId)) {
          if (event.kind === 'deleted') continue;
          const message = this.api.message(this.chatId, event.messageId);
          if (message && !message.deleted && (!predicate || predicate(message))) return message;
        }
        return undefined;
      },
      timeoutMs,
      () => {
        const recent = this.messages().slice(-3).map(preview).join(', ') || 'none';
        return `${this.label()}: no matching bot message within ${timeoutMs} ms. Last messages: ${recent}`;
      },
    );
  }

  waitForReply(options: { timeoutMs?: number } = {}): Promise<ChatMessage> {
    return this.waitForMessage(undefined, options);
  }

  /** answerCallbackQuery answers to this user's taps, in order. */
  callbackAnswers(): CallbackAnswer[] {
    return this.api.callbackAnswers(this.id);
  }

  // ---------------------------------------------------------------- internals

  private sendMessage(content: Record<string, unknown>, options: ActionOptions): Promise<ActionResult> {
    const message: Message = this.api.addUserMessage(this.chatId, this.info, content);
    return this.act({ message } as Omit<Update, 'update_id'>, options);
  }

  private chatMemberUpdate(from: 'member' | 'kicked', to: 'member' | 'kicked', options: ActionOptions) {
    const bot = { ...this.api.botInfo };
    const member = (status: string) => ({
      status,
      user: bot,
      ...(status === 'kicked' ? { until_date: 0 } : {}),
    });
    return this.act(
      {
        my_chat_member: {
          chat: this.api.chatObject(this.chatId),
          from: this.info,
          date: Math.floor(Date.now() / 1000),
          old_chat_member: member(from),
          new_chat_member: member(to),
        },
      } as Omit<Update, 'update_id'>,
      options,
    );
  }

  private async act(update: Omit<Update, 'update_id'>, options: ActionOptions): Promise<ActionResult> {
    const cursor = this.api.eventSeq;
    this.cursor = cursor;
    const full = this.api.pushUpdate(update);
    if (options.wait === false) return { update: full, replies: [] };
    await this.api.waitProcessed(full.update_id, options.timeoutMs);
    const ids = [...new Set(this.api.eventsSince(cursor, this.chatId).map((e) => e.messageId))];
    const replies = ids
      .map((id) => this.api.message(this.chatId, id))
      .filter((m): m is ChatMessage => m !== undefined && m.sender === 'bot' && !m.deleted);
    return { update: full, replies };
  }

  private inlineButtons(message: ChatMessage): InlineKeyboardButton[] {
    const markup = message.reply_markup;
    return markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : [];
  }

  private noButtonMessage(message: ChatMessage, button: ButtonMatcher): string {
    const available = this.inlineButtons(message)
      .map((b) => JSON.stringify(b.text))
      .join(' | ');
    return (
      `${this.label()}: no inline button matching ${typeof button === 'string' ? JSON.stringify(button) : button} ` +
      `on bot message #${message.message_id} ${preview(message)}. Available buttons: ${available || 'none'}.`
    );
  }

  private label(): string {
    return `User ${this.id} (${this.info.first_name})`;
  }
}
