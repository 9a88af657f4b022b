import { InputFile } from 'grammy';
import type { InlineKeyboardMarkup, Message, ParseMode } from 'grammy/types';
import type { AnyBulkWriteOperation } from 'mongoose';
import { driverBulkWrite } from './bulk.ts';
import type { ReadyItem } from './claim.ts';
import { classifySendError } from './errors.ts';
import { timeoutSignal } from './rate-limiter.ts';
import { chatRelease } from './reconcile.ts';
import { noteRateLimited, type OutboxRuntime } from './runtime.ts';

/** What one send attempt came to. */
export type Outcome =
  | { kind: 'sent'; message: Message }
  /** No request was made (stopping, or too little lease left): the item goes back as it was. */
  | { kind: 'released' }
  | { kind: 'rateLimited'; retryAfterMs: number; reason: string }
  | { kind: 'retry'; reason: string }
  | { kind: 'undeliverable'; reason: string }
  | { kind: 'unknownOutcome'; reason: string };

/** Makes the request for one item (its start is already recorded). */
export async function sendItem(rt: OutboxRuntime, item: ReadyItem): Promise<Outcome> {
  const payload = item.payload;
  const other = {
    parse_mode: (payload.parse_mode ?? undefined) as ParseMode | undefined,
    reply_markup: payload.reply_markup as InlineKeyboardMarkup,
  };
  try {
    const signal = timeoutSignal(rt.settings.sendTimeoutMs);
    const photo = toPhoto(payload.photo);
    const message = photo
      ? await rt.api.sendPhoto(item.chatId, photo, { ...other, caption: payload.text }, signal)
      : await rt.api.sendMessage(item.chatId, payload.text, other, signal);
    return { kind: 'sent', message };
  } catch (error) {
    const failure = classifySendError(error);
    if (failure.kind === 'rateLimited') noteRateLimited(rt, item.chatId, failure.retryAfterMs);
    return failure;
  }
}

/** Writes the outcomes of a group of attempts: one bulk write for the items, one for their chats. */
export async function recordOutcomes(
  rt: OutboxRuntime,
  items: readonly ReadyItem[],
  outcomes: readonly Outcome[],
): Promise<void> {
  const at = rt.now();
  const { stats, settings } = rt;
  const itemOps: AnyBulkWriteOperation[] = [];
  const chatOps: AnyBulkWriteOperation[] = [];
  const undeliverable: { item: ReadyItem; reason: string }[] = [];
  items.forEach((item, index) => {
    const outcome = outcomes[index]!;
    const fence = { _id: item._id, attemptId: item.attemptId, state: 'sending' as const };
    const chatFilter = { chatId: item.chatId, reservedBy: item.reservation };
    const requeue = (notBefore: Date, reason: string | null, undo?: 'attempt') => {
      const $set = { state: 'queued', notBefore, leaseOwner: null, leaseUntil: null, failureReason: reason };
      // Undoing the attempt also takes back its recorded start: no request was made.
      const update = undo
        ? { $set: { ...$set, startedAt: null, probeFromMessageId: null }, $inc: { attempts: -1 } }
        : { $set };
      itemOps.push({ updateOne: { filter: fence, update } });
      chatOps.push({ updateOne: { filter: chatFilter, update: chatRelease(rt, { notBefore }) } });
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
          updateOne: { filter: chatFilter, update: chatRelease(rt, { sentMessageId: messageId }) },
        });
        break;
      }
      case 'released':
        requeue(at, null, 'attempt');
        break;
      case 'rateLimited':
        requeue(new Date(at.getTime() + outcome.retryAfterMs), outcome.reason);
        break;
      case 'retry':
        if (item.attempts + 1 >= settings.maxAttempts) {
          undeliverable.push({ item, reason: outcome.reason });
        } else {
          stats.retried++;
          requeue(new Date(at.getTime() + backoff(rt, item.attempts + 1)), outcome.reason);
        }
        break;
      case 'undeliverable':
        undeliverable.push({ item, reason: outcome.reason });
        break;
      case 'unknownOutcome':
        // The chat stays reserved: nothing else goes to it until reconciliation has decided.
        stats.unknown++;
        rt.log.warn({ itemId: item._id, reason: outcome.reason }, 'outbox send outcome unknown');
        itemOps.push({
          updateOne: {
            filter: fence,
            update: {
              $set: {
                state: 'unknown',
                leaseOwner: null,
                leaseUntil: new Date(at.getTime() + settings.unknownGraceMs),
                failureReason: outcome.reason,
              },
            },
          },
        });
        break;
    }
  });
  // Items first: a crash between the two writes leaves a reservation without a holder, which the sweep frees
  // (and the sweep reads the sent message ids back from the items).
  if (itemOps.length > 0) await driverBulkWrite(rt.models.OutboxItem, itemOps, at);
  if (chatOps.length > 0) await driverBulkWrite(rt.models.OutboxChat, chatOps);
  for (const { item, reason } of undeliverable) await rt.markUndeliverable(item, reason);
}

function backoff(rt: OutboxRuntime, attempt: number): number {
  return Math.min(rt.settings.backoffMaxMs, rt.settings.backoffBaseMs * 2 ** (attempt - 1));
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
