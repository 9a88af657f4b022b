import type { InlineKeyboardButton, InlineKeyboardMarkup, ParseMode } from 'grammy/types';
import { Types } from 'mongoose';
import { onlyDuplicateKeys } from './errors.ts';
import { FOREIGN_IDS_KEPT, type OutboxItemRecord, type OutboxModels } from './models.ts';

/** Callback data of outbox buttons: `ob:<itemId>` or `ob:<itemId>:<action>`. */
export const OUTBOX_CALLBACK_PREFIX = 'ob:';
/** Write this in a button's callback_data to have it replaced by the new item's id. */
export const ITEM_ID_PLACEHOLDER = '{itemId}';

export interface EnqueueInput {
  /** Idempotency key, e.g. `resultNotice:<campaignId>:<employeeId>`. */
  key: string;
  kind: string;
  chatId: number;
  text: string;
  parse_mode?: ParseMode;
  reply_markup?: InlineKeyboardMarkup;
  /**
   * Label (already translated) of the button the outbox appends when no button's callback_data
   * starts with `ob:<itemId>`. Required in that case: every outbox message must carry its id.
   */
  ackText?: string;
  /** Photo bytes to upload, or a file_id / URL; `text` becomes the caption. */
  photo?: Buffer | string;
  notBefore?: Date;
}

export interface EnqueueResult {
  item: OutboxItemRecord;
  /** false when an item with this key already existed (nothing new was queued). */
  created: boolean;
}

const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

/** Queues a message; the same key twice queues it once and returns the existing item. */
export async function enqueue(
  models: Pick<OutboxModels, 'OutboxItem'>,
  input: EnqueueInput,
  now: Date = new Date(),
): Promise<EnqueueResult> {
  const existing = await findByKey(models, input.key);
  if (existing) return { item: existing, created: false };
  const doc = newItemDoc(input, now);
  try {
    await models.OutboxItem.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const raced = await findByKey(models, input.key);
    if (raced) return { item: raced, created: false };
    throw error;
  }
  const item = await models.OutboxItem.findById(doc._id).lean<OutboxItemRecord>();
  if (!item) throw new Error(`outbox item ${input.key} vanished right after insert`);
  return { item, created: true };
}

/**
 * Queues many messages in one round trip (a broadcast). Keys already queued are skipped, so a
 * re-run after a crash queues only what is missing.
 */
export async function enqueueMany(
  models: Pick<OutboxModels, 'OutboxItem'>,
  inputs: readonly EnqueueInput[],
  now: Date = new Date(),
): Promise<{ created: number; existing: number }> {
  if (inputs.length === 0) return { created: 0, existing: 0 };
  try {
    await models.OutboxItem.insertMany(
      inputs.map((input) => newItemDoc(input, now)),
      { ordered: false },
    );
    return { created: inputs.length, existing: 0 };
  } catch (error) {
    // Unordered: every new key is inserted; the ones already queued fail on the unique key, and only those.
    if (!onlyDuplicateKeys(error)) throw error;
    const existing = writeErrorCount(error);
    return { created: inputs.length - existing, existing };
  }
}

function writeErrorCount(error: unknown): number {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  return Array.isArray(raw) ? raw.length : raw ? 1 : 0;
}

function newItemDoc(input: EnqueueInput, now: Date) {
  const _id = new Types.ObjectId();
  return {
    _id,
    key: input.key,
    kind: input.kind,
    chatId: input.chatId,
    payload: {
      text: input.text,
      parse_mode: input.parse_mode,
      reply_markup: ensureOutboxButton(input.reply_markup, _id.toHexString(), input.ackText),
      photo: input.photo,
    },
    state: 'queued' as const,
    notBefore: input.notBefore ?? now,
  };
}

function findByKey(models: Pick<OutboxModels, 'OutboxItem'>, key: string) {
  return models.OutboxItem.findOne({ key }).lean<OutboxItemRecord>();
}

/**
 * Substitutes `{itemId}` in callback data and appends an `ob:<itemId>` button if no button carries it.
 * The id in the keyboard is what makes a sent message findable again (see docs/outbox.md).
 */
export function ensureOutboxButton(
  markup: InlineKeyboardMarkup | undefined,
  itemId: string,
  ackText: string | undefined,
): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = (markup?.inline_keyboard ?? []).map((row) =>
    row.map((button) =>
      'callback_data' in button && typeof button.callback_data === 'string'
        ? { ...button, callback_data: button.callback_data.replaceAll(ITEM_ID_PLACEHOLDER, itemId) }
        : { ...button },
    ),
  );
  if (rows.some((row) => row.some((button) => carriesItemId(button, itemId))))
    return { inline_keyboard: rows };
  if (!ackText) throw new Error('enqueue: ackText is required when reply_markup has no ob:<itemId> button');
  return {
    inline_keyboard: [...rows, [{ text: ackText, callback_data: `${OUTBOX_CALLBACK_PREFIX}${itemId}` }]],
  };
}

function carriesItemId(button: InlineKeyboardButton, itemId: string): boolean {
  if (!('callback_data' in button) || typeof button.callback_data !== 'string') return false;
  const data = button.callback_data;
  const own = `${OUTBOX_CALLBACK_PREFIX}${itemId}`;
  return data === own || data.startsWith(`${own}:`);
}

/** True when a reply markup carries an outbox button (such a message is never "foreign"). */
export function isOutboxMarkup(markup: unknown): boolean {
  const rows = (markup as { inline_keyboard?: unknown } | null | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return false;
  return rows.some(
    (row) =>
      Array.isArray(row) &&
      row.some((button) => {
        const data = (button as { callback_data?: unknown } | null)?.callback_data;
        return typeof data === 'string' && data.startsWith(OUTBOX_CALLBACK_PREFIX);
      }),
  );
}

/** Parses `ob:<itemId>[:<action>]`; null for any other callback data. */
export function parseOutboxCallback(data: string): { itemId: string; action: string | null } | null {
  const match = /^ob:([0-9a-f]{24})(?::(.*))?$/.exec(data);
  if (!match) return null;
  return { itemId: match[1]!, action: match[2] ?? null };
}

/**
 * Records a message id seen in a chat that is not an unreconciled outbox message: an incoming user
 * message, or a bot reply sent outside the outbox. Raises the probe baseline and keeps probes off it.
 */
export async function noteIncomingMessage(
  models: Pick<OutboxModels, 'OutboxChat'>,
  chatId: number,
  messageId: number,
): Promise<void> {
  await models.OutboxChat.updateOne(
    { chatId },
    {
      $max: { lastKnownMessageId: messageId },
      $push: { foreignMessageIds: { $each: [messageId], $slice: -FOREIGN_IDS_KEPT } },
    },
    { upsert: true },
  );
}

/** Where a tap came from, as Telegram reports it (the callback query's message). */
export interface OutboxTap {
  chatId: number | undefined;
  messageId: number | undefined;
}

/**
 * A user pressed an outbox button. The callback data is whatever the client sent (a modified client can
 * send any `ob:<id>` from any message), so the tap counts only when it comes from the item's own chat
 * and from the message the item is recorded to have been sent as: then it is an acknowledgement
 * (recorded once). Anything else changes nothing. Returns the item when the tap counted, else null.
 */
export async function noteOutboxCallback(
  models: Pick<OutboxModels, 'OutboxItem'>,
  itemId: string,
  tap: OutboxTap,
  now: Date = new Date(),
): Promise<OutboxItemRecord | null> {
  if (!Types.ObjectId.isValid(itemId)) return null;
  if (typeof tap.chatId !== 'number' || typeof tap.messageId !== 'number') return null;
  const own = {
    _id: new Types.ObjectId(itemId),
    chatId: tap.chatId,
    messageId: tap.messageId,
    state: 'sent' as const,
  };
  const acknowledged = await models.OutboxItem.findOneAndUpdate(
    { ...own, acknowledgedAt: null },
    { $set: { acknowledgedAt: now } },
    { returnDocument: 'after' },
  ).lean<OutboxItemRecord>();
  return acknowledged ?? models.OutboxItem.findOne(own).lean<OutboxItemRecord>();
}
