import { type Connection, type InferSchemaType, type Model, Schema, type Types } from 'mongoose';

export const OUTBOX_STATES = ['queued', 'sending', 'unknown', 'sent', 'undeliverable'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * One message the bot sends on its own initiative. `key` makes enqueueing idempotent;
 * `attemptId` fences every state change to the claim that made it.
 */
const outboxItemSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    chatId: { type: Number, required: true },
    payload: {
      text: { type: String, required: true },
      parse_mode: { type: String, default: undefined },
      /** Inline keyboard exactly as sent; reconciliation re-sends it byte for byte. */
      reply_markup: { type: Schema.Types.Mixed, required: true },
      /** Photo bytes (uploaded) or a file_id / URL; the text becomes the caption. */
      photo: { type: Schema.Types.Mixed, default: undefined },
    },
    state: { type: String, enum: OUTBOX_STATES, default: 'queued' },
    attempts: { type: Number, default: 0 },
    notBefore: { type: Date, required: true },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    attemptId: { type: String, default: null },
    /** The chat reservation (OutboxChat.reservedBy) this item's attempt holds; released when it resolves. */
    reservation: { type: String, default: null },
    /** Highest message_id known in the chat just before the current attempt (reconciliation starts above it). */
    probeFromMessageId: { type: Number, default: null },
    /**
     * Written before the request of the current attempt may start. An item whose holder died with this
     * still null certainly made no request, so it is requeued without asking Telegram.
     */
    startedAt: { type: Date, default: null },
    /** Reconciliation's progress: the next message id to probe (a deferred probe resumes here). */
    probeNextMessageId: { type: Number, default: null },
    /** Consecutive probed ids that do not exist ("message to edit not found"). */
    probeMisses: { type: Number, default: 0 },
    sentAt: { type: Date, default: null },
    messageId: { type: Number, default: null },
    telegramDate: { type: Date, default: null },
    reconciledAt: { type: Date, default: null },
    reconciliations: { type: Number, default: 0 },
    failureReason: { type: String, default: null },
    /** Set with `undeliverable`; cleared once onUndeliverable has run (it is retried until then). */
    undeliverableAlertPending: { type: Boolean, default: false },
    acknowledgedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
// Claiming: queued items due now, oldest first.
outboxItemSchema.index({ state: 1, notBefore: 1 });
// Reconciliation: in-flight items whose lease expired; undeliverable callbacks whose lease expired.
outboxItemSchema.index({ state: 1, leaseUntil: 1 });
// Per-chat questions: does a reservation still have a holder, which sent messages does a chat hold.
outboxItemSchema.index({ chatId: 1, state: 1 });

/** How many recent foreign message ids a chat remembers (probes skip them). */
export const FOREIGN_IDS_KEPT = 100;

/** Per-chat bookkeeping shared by all worker instances. */
const outboxChatSchema = new Schema({
  chatId: { type: Number, required: true, unique: true },
  /** Highest message_id seen in the chat (our sends and incoming updates). */
  lastKnownMessageId: { type: Number, default: 0 },
  /** Recent ids known NOT to be an unreconciled outbox message; probes skip them so they are never edited. */
  foreignMessageIds: { type: [Number], default: [] },
  /** The chat may receive its next outbox message at this time (1 message/s per chat, across instances). */
  nextSendAt: { type: Date, default: () => new Date(0) },
  reservedBy: { type: String, default: null },
});
// Reserved chats only (a handful at any time, whatever the number of chats): the sweep for reservations
// left by a crash reads this index. `$ne: null` cannot define a partial index, and an inequality is not
// selective, so the sweep asks for `reservedBy: {$type: 'string'}`, the index's own filter.
outboxChatSchema.index(
  { nextSendAt: 1 },
  { name: 'reserved_nextSendAt', partialFilterExpression: { reservedBy: { $type: 'string' } } },
);

/** A named lease (a mutex with an expiry) for work that one instance at a time should do. */
const leaseSchema = new Schema({
  name: { type: String, required: true, unique: true },
  owner: { type: String, required: true },
  until: { type: Date, required: true },
});

export type OutboxItemDoc = InferSchemaType<typeof outboxItemSchema>;
export type OutboxChatDoc = InferSchemaType<typeof outboxChatSchema>;
export type LeaseDoc = InferSchemaType<typeof leaseSchema>;
export interface OutboxPayload {
  text: string;
  parse_mode?: string | null;
  reply_markup: unknown;
  photo?: unknown;
}
/** A stored item as read with `.lean()`. */
export type OutboxItemRecord = Omit<OutboxItemDoc, 'payload'> & {
  _id: Types.ObjectId;
  payload: OutboxPayload;
  createdAt: Date;
  updatedAt: Date;
};

export interface OutboxModels {
  OutboxItem: Model<OutboxItemDoc>;
  OutboxChat: Model<OutboxChatDoc>;
  Lease: Model<LeaseDoc>;
}

export function createOutboxModels(connection: Connection): OutboxModels {
  return {
    OutboxItem: connection.models.OutboxItem ?? connection.model('OutboxItem', outboxItemSchema),
    OutboxChat: connection.models.OutboxChat ?? connection.model('OutboxChat', outboxChatSchema),
    Lease: connection.models.Lease ?? connection.model('Lease', leaseSchema),
  } as OutboxModels;
}

/** Builds the unique indexes (call once at start-up; enqueue relies on the unique key). */
export async function initOutboxModels(models: OutboxModels): Promise<void> {
  await Promise.all([models.OutboxItem.init(), models.OutboxChat.init(), models.Lease.init()]);
}
