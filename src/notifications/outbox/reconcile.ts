import type { Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { classifyProbeError } from './errors.ts';
import type { OutboxItemRecord, OutboxModels } from './models.ts';
import { type RateLimiter, timeoutSignal } from './rate-limiter.ts';

export interface ReconcileDeps {
  models: OutboxModels;
  api: Api;
  limiter: RateLimiter;
  now(): Date;
  probeWindow: number;
  perChatIntervalMs: number;
  /** How long to wait before trying again after a probe was rate limited or failed. */
  retryDelayMs: number;
  sendTimeoutMs: number;
  markUndeliverable(item: OutboxItemRecord, reason: string): Promise<void>;
  warn(details: object, message: string): void;
}

export type ReconcileResult = 'sent' | 'requeued' | 'undeliverable' | 'deferred';

const FOREIGN_IDS_KEPT = 100;

/**
 * Decides what happened to an item whose send outcome is unknown, by asking Telegram: for each
 * message id above the item's probe baseline, editMessageReplyMarkup with the item's exact markup.
 * "message is not modified" proves that message is ours (the markup carries the item id).
 * The caller has claimed the item (state `unknown`, fenced by `item.attemptId`).
 */
export async function reconcileItem(deps: ReconcileDeps, item: OutboxItemRecord): Promise<ReconcileResult> {
  const { models } = deps;
  const fence = { _id: item._id, attemptId: item.attemptId, state: 'unknown' as const };
  if (item.probeFromMessageId === null || item.probeFromMessageId === undefined) {
    // Claimed but the attempt never got as far as the request: certainly not sent.
    await requeue(deps, item, fence);
    return 'requeued';
  }
  const chat = await models.OutboxChat.findOne({ chatId: item.chatId }).lean();
  const skip = new Set(chat?.foreignMessageIds ?? []);
  const markup = item.payload.reply_markup as InlineKeyboardMarkup;
  for (let offset = 1; offset <= deps.probeWindow; offset++) {
    const messageId = item.probeFromMessageId + offset;
    if (skip.has(messageId)) continue;
    await deps.limiter.take();
    try {
      await deps.api.editMessageReplyMarkup(
        item.chatId,
        messageId,
        { reply_markup: markup },
        timeoutSignal(deps.sendTimeoutMs),
      );
      // The edit went through: a bot message we had no record of now carries this keyboard.
      deps.warn(
        { itemId: item._id, chatId: item.chatId, messageId },
        'outbox probe edited an unrecorded message',
      );
    } catch (error) {
      const outcome = classifyProbeError(error);
      if (outcome.kind === 'absent') continue;
      if (outcome.kind === 'found') {
        await markReconciledSent(deps, item, fence, messageId);
        return 'sent';
      }
      if (outcome.kind === 'undeliverable') {
        await deps.markUndeliverable(item, outcome.reason);
        return 'undeliverable';
      }
      const delayMs = outcome.kind === 'rateLimited' ? outcome.retryAfterMs : deps.retryDelayMs;
      if (outcome.kind === 'rateLimited') deps.limiter.pause(outcome.retryAfterMs);
      await models.OutboxItem.updateOne(fence, {
        $set: {
          leaseOwner: null,
          leaseUntil: new Date(deps.now().getTime() + delayMs),
          failureReason: outcome.reason,
        },
      });
      return 'deferred';
    }
  }
  await requeue(deps, item, fence);
  return 'requeued';
}

async function markReconciledSent(
  deps: ReconcileDeps,
  item: OutboxItemRecord,
  fence: object,
  messageId: number,
): Promise<void> {
  const now = deps.now();
  const result = await deps.models.OutboxItem.updateOne(fence, {
    $set: {
      state: 'sent',
      messageId,
      telegramDate: null,
      sentAt: item.sentAt ?? null,
      reconciledAt: now,
      leaseOwner: null,
      leaseUntil: null,
      failureReason: null,
    },
  });
  if (result.modifiedCount === 0) return;
  await releaseChat(deps, item, { sentMessageId: messageId });
}

async function requeue(deps: ReconcileDeps, item: OutboxItemRecord, fence: object): Promise<void> {
  const result = await deps.models.OutboxItem.updateOne(fence, {
    $set: {
      state: 'queued',
      notBefore: deps.now(),
      leaseOwner: null,
      leaseUntil: null,
      reconciledAt: deps.now(),
    },
  });
  if (result.modifiedCount === 0) return;
  await releaseChat(deps, item, {});
}

/** Frees the chat reservation held by the item's attempt, recording a message id it now owns. */
export async function releaseChat(
  deps: Pick<ReconcileDeps, 'models' | 'now' | 'perChatIntervalMs'>,
  item: Pick<OutboxItemRecord, 'chatId' | 'reservation'>,
  options: { sentMessageId?: number; notBefore?: Date },
): Promise<void> {
  if (!item.reservation) return;
  await deps.models.OutboxChat.updateOne(
    { chatId: item.chatId, reservedBy: item.reservation },
    chatRelease(deps, options),
  );
}

export function chatRelease(
  deps: Pick<ReconcileDeps, 'now' | 'perChatIntervalMs'>,
  options: { sentMessageId?: number; notBefore?: Date },
): Record<string, unknown> {
  const nextSendAt = options.notBefore ?? new Date(deps.now().getTime() + deps.perChatIntervalMs);
  const update: Record<string, unknown> = { $set: { reservedBy: null, nextSendAt } };
  if (options.sentMessageId !== undefined) {
    update.$max = { lastKnownMessageId: options.sentMessageId };
    update.$push = { foreignMessageIds: { $each: [options.sentMessageId], $slice: -FOREIGN_IDS_KEPT } };
  }
  return update;
}
