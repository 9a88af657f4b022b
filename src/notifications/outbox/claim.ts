import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongoose';
import { driverBulkWrite, inGroups, updateManyByIds } from './bulk.ts';
import { onlyDuplicateKeys } from './errors.ts';
import type { OutboxItemRecord } from './models.ts';
import { later, type OutboxRuntime } from './runtime.ts';

/** A claimed item whose chat is reserved for it, with the probe baseline read from the chat. */
export type ReadyItem = OutboxItemRecord & {
  attemptId: string;
  reservation: string;
  probeFromMessageId: number;
};

export interface ClaimedBatch {
  claimId: string;
  leaseUntil: Date;
  items: ReadyItem[];
}

/**
 * Claims up to `size` due items, one per chat, and reserves their chats. Items whose chat is busy
 * (another item in flight, or its per-chat interval not over) go back to the queue until the chat is free.
 * Returns null when nothing was due.
 */
export async function claimBatch(
  rt: OutboxRuntime,
  size = rt.settings.batchSize,
): Promise<ClaimedBatch | null> {
  const { OutboxItem } = rt.models;
  const at = rt.now();
  const claimId = `${rt.instanceId}:${randomUUID()}`;
  const leaseUntil = later(rt, rt.settings.leaseMs);
  const candidates = await OutboxItem.find(
    { state: 'queued', notBefore: { $lte: at } },
    { _id: 1, chatId: 1 },
  )
    .sort({ notBefore: 1 })
    .limit(size * 2)
    .lean();
  if (candidates.length === 0) return null;
  const byChat = new Map<number, (typeof candidates)[number]>();
  for (const candidate of candidates)
    if (!byChat.has(candidate.chatId)) byChat.set(candidate.chatId, candidate);
  const picked = [...byChat.values()].slice(0, size).map((c) => c._id);

  // Atomic per document: of several instances claiming one item, exactly one matches state 'queued'.
  // The attempt starts clean: no baseline, no recorded start, no probing progress.
  await OutboxItem.bulkWrite(
    updateManyByIds(
      '_id',
      picked,
      { state: 'queued' },
      {
        $set: {
          state: 'sending',
          leaseOwner: rt.instanceId,
          leaseUntil,
          attemptId: claimId,
          reservation: null,
          probeFromMessageId: null,
          startedAt: null,
          probeNextMessageId: null,
          probeMisses: 0,
        },
      },
    ),
    { ordered: false },
  );
  // What this claim won, read through the { state, leaseUntil } index (its lease is this claim's own).
  const claimed = await OutboxItem.find({ state: 'sending', leaseUntil, attemptId: claimId }).lean<
    OutboxItemRecord[]
  >();
  if (claimed.length === 0) return { claimId, leaseUntil, items: [] };

  const reserved = await reserveChats(
    rt,
    claimed.map((item) => item.chatId),
    claimId,
    leaseUntil,
  );
  const items: ReadyItem[] = [];
  const busy: AnyBulkWriteOperation[] = [];
  for (const item of claimed) {
    const chat = reserved.get(item.chatId);
    if (chat?.reservedBy === claimId) {
      items.push({
        ...item,
        attemptId: claimId,
        reservation: claimId,
        probeFromMessageId: chat.lastKnownMessageId,
      });
      continue;
    }
    busy.push({
      updateOne: {
        filter: { _id: item._id, attemptId: claimId },
        update: {
          $set: {
            state: 'queued',
            notBefore: whenChatFree(rt, chat),
            leaseOwner: null,
            leaseUntil: null,
            attemptId: null,
          },
        },
      },
    });
  }
  if (busy.length > 0) await OutboxItem.bulkWrite(busy, { ordered: false });
  return { claimId, leaseUntil, items };
}

/**
 * When an item whose chat was busy is looked at again. A chat held by another message in flight holds
 * its reservation until that message's lease, but the message itself goes out within moments: look
 * again one per-chat interval on, not at the lease's end (which kept a chat's second message, such as
 * the 360 chart after its result notice, waiting 10-15 s). A free chat still within its pace is due
 * exactly when the pace allows.
 */
function whenChatFree(rt: OutboxRuntime, chat: ChatState | undefined): Date {
  const interval = later(rt, rt.settings.perChatIntervalMs);
  if (!chat || chat.reservedBy) return interval;
  return chat.nextSendAt > rt.now() ? chat.nextSendAt : interval;
}

interface ChatState {
  reservedBy?: string | null;
  nextSendAt: Date;
  lastKnownMessageId: number;
}

/**
 * Reserves each free, due chat for the claim: at most one outbox message in flight (or unknown) per chat,
 * across instances. One upsert per chat: a chat seen for the first time is created reserved; one that is
 * busy misses the filter, the upsert then collides with the unique chatId, and it stays as it was.
 */
async function reserveChats(
  rt: OutboxRuntime,
  chatIds: number[],
  claimId: string,
  leaseUntil: Date,
): Promise<Map<number, ChatState>> {
  const { OutboxChat } = rt.models;
  const at = rt.now();
  try {
    // On the driver (one statement per message); a chat created here gets the schema's defaults.
    await driverBulkWrite(
      OutboxChat,
      chatIds.map((chatId) => ({
        updateOne: {
          filter: { chatId, reservedBy: null, nextSendAt: { $lte: at } },
          update: {
            $set: { reservedBy: claimId, nextSendAt: leaseUntil },
            $setOnInsert: { lastKnownMessageId: 0, foreignMessageIds: [] },
          },
          upsert: true,
        },
      })),
    );
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
  }
  const fields = { chatId: 1, reservedBy: 1, nextSendAt: 1, lastKnownMessageId: 1 };
  // The chats this claim holds, through the partial index of reserved chats (their nextSendAt is the lease).
  const ours = await OutboxChat.find(
    { reservedBy: { $type: 'string', $eq: claimId }, nextSendAt: leaseUntil },
    fields,
  ).lean();
  const chats = new Map<number, ChatState>(ours.map((chat) => [chat.chatId, chat]));
  // The others are busy: read them to know when they are free (usually few).
  const busy = chatIds.filter((chatId) => !chats.has(chatId));
  const others = await Promise.all(
    inGroups(busy).map((group) => OutboxChat.find({ chatId: { $in: group } }, fields).lean()),
  );
  for (const chat of others.flat()) chats.set(chat.chatId, chat);
  return chats;
}
