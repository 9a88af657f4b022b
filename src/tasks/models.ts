import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

export const TASK_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * A piece of long work (closing a campaign, a broadcast, an export) done outside the update that asked
 * for it. Claimed with a lease, so whichever instance is alive finishes it after a crash.
 */
const taskSchema = new Schema({
  /** Idempotency key: asking twice for the same work gives the same task. */
  key: { type: String, required: true, unique: true },
  kind: { type: String, required: true },
  /** Ids of our own documents only (never names or texts). */
  payload: { type: Schema.Types.Mixed, default: () => ({}) },
  organisationCode: { type: String, default: null },
  state: { type: String, enum: TASK_STATES, required: true, default: 'queued' },
  /** Not picked before this time (retries back off). */
  runAfter: { type: Date, required: true },
  owner: { type: String, default: null },
  leaseUntil: { type: Date, default: null },
  attempts: { type: Number, default: 0 },
  progress: {
    done: { type: Number, default: 0 },
    total: { type: Number, default: null },
  },
  result: { type: Schema.Types.Mixed, default: null },
  /** The error's name and our own message code, never its payload. */
  lastError: { type: String, default: null },
  /** Where the progress message lives, so the bot can edit it and send the final word. */
  report: {
    chatId: { type: Number, default: null },
    messageId: { type: Number, default: null },
    language: { type: String, default: null },
  },
  requestedBy: { type: Schema.Types.ObjectId, default: null },
  createdAt: { type: Date, required: true },
  finishedAt: { type: Date, default: null },
});
// The claim query: queued (or running with an expired lease), due, oldest first.
taskSchema.index({ state: 1, runAfter: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export type TaskModels = { Task: Model<TaskDoc> };

export function createTaskModels(connection: Connection): TaskModels {
  return { Task: connection.model('Task', taskSchema) };
}
