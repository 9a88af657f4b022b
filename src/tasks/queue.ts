import type { Types } from 'mongoose';
import type { TaskDoc, TaskModels } from './models.ts';

export type Task = TaskDoc & { _id: Types.ObjectId };

export interface TaskRequest {
  key: string;
  kind: string;
  payload?: Record<string, unknown>;
  organisationCode?: string | null;
  requestedBy?: Types.ObjectId | null;
  report?: { chatId: number; messageId: number | null; language: string } | null;
}

const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

/**
 * Queues a task once per key. Returns the task and whether this call created it (false: the same work
 * was already asked for, and is queued, running or done).
 */
export async function enqueueTask(
  models: TaskModels,
  request: TaskRequest,
  now: Date,
): Promise<{ task: Task; created: boolean }> {
  try {
    const task = await models.Task.create({
      key: request.key,
      kind: request.kind,
      payload: request.payload ?? {},
      organisationCode: request.organisationCode ?? null,
      requestedBy: request.requestedBy ?? null,
      report: request.report ?? {},
      state: 'queued',
      runAfter: now,
      createdAt: now,
    });
    return { task: task.toObject() as Task, created: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const existing = await models.Task.findOne({ key: request.key }).lean();
    if (!existing) throw error;
    return { task: existing as Task, created: false };
  }
}

/**
 * Takes the oldest due task: a queued one, or a running one whose lease expired (its instance died).
 * One atomic update, so two instances never hold the same task.
 */
export async function claimTask(
  models: TaskModels,
  owner: string,
  leaseMs: number,
  now: Date,
): Promise<Task | null> {
  const claimed = await models.Task.findOneAndUpdate(
    {
      state: { $in: ['queued', 'running'] },
      runAfter: { $lte: now },
      $or: [{ state: 'queued' }, { leaseUntil: { $lte: now } }],
    },
    {
      $set: { state: 'running', owner, leaseUntil: new Date(now.getTime() + leaseMs) },
      $inc: { attempts: 1 },
    },
    { sort: { runAfter: 1, createdAt: 1 }, returnDocument: 'after' },
  ).lean();
  return (claimed as Task | null) ?? null;
}

/** Extends the lease and records progress; false when the lease was lost (another instance took over). */
export async function heartbeat(
  models: TaskModels,
  task: Pick<Task, '_id'>,
  owner: string,
  leaseMs: number,
  now: Date,
  progress?: { done: number; total: number | null },
): Promise<boolean> {
  const result = await models.Task.updateOne(
    { _id: task._id, owner, state: 'running' },
    {
      $set: {
        leaseUntil: new Date(now.getTime() + leaseMs),
        ...(progress ? { 'progress.done': progress.done, 'progress.total': progress.total } : {}),
      },
    },
  );
  return result.matchedCount === 1;
}

export async function finishTask(
  models: TaskModels,
  task: Pick<Task, '_id'>,
  owner: string,
  result: unknown,
  now: Date,
): Promise<Task | null> {
  return (await models.Task.findOneAndUpdate(
    { _id: task._id, owner, state: 'running' },
    { $set: { state: 'done', result, finishedAt: now, leaseUntil: null } },
    { returnDocument: 'after' },
  ).lean()) as Task | null;
}

/** Puts a failed attempt back in the queue after a backoff, or marks the task failed after the last one. */
export async function failTask(
  models: TaskModels,
  task: Pick<Task, '_id' | 'attempts'>,
  owner: string,
  error: string,
  policy: { maxAttempts: number; backoffMs: number },
  now: Date,
): Promise<Task | null> {
  const last = task.attempts >= policy.maxAttempts;
  return (await models.Task.findOneAndUpdate(
    { _id: task._id, owner, state: 'running' },
    {
      $set: last
        ? { state: 'failed', lastError: error, finishedAt: now, leaseUntil: null }
        : {
            state: 'queued',
            lastError: error,
            owner: null,
            leaseUntil: null,
            runAfter: new Date(now.getTime() + policy.backoffMs * 2 ** (task.attempts - 1)),
          },
    },
    { returnDocument: 'after' },
  ).lean()) as Task | null;
}
