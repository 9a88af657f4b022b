import type { Logger } from '../logger.ts';
import type { TaskModels } from './models.ts';
import type { Progress } from './progress.ts';
import { claimTask, failTask, finishTask, heartbeat, type Task } from './queue.ts';

/**
 * What a task's code is given: `progress(done, total)` records how far it got, keeps the lease alive and
 * is the point where a stopping instance lets go (it throws `TaskAborted`). Task code must be
 * idempotent: after a crash the next instance runs it again from the start, and everything already
 * done (a notice queued under its key, a sheet closed) is a no-op the second time.
 */
export interface TaskControl {
  progress: Progress;
  readonly signal: AbortSignal;
}

export type TaskHandler = (task: Task, control: TaskControl) => Promise<Record<string, unknown> | undefined>;

export class TaskAborted extends Error {
  constructor() {
    super('task aborted: the instance is stopping');
    this.name = 'TaskAborted';
  }
}

/** The lease ran out and another instance took the task: this one stops without a word or a result. */
export class TaskLeaseLost extends Error {
  constructor() {
    super('task lease lost: another instance runs it');
    this.name = 'TaskLeaseLost';
  }
}

export interface TaskRunnerOptions {
  models: TaskModels;
  handlers: Readonly<Record<string, TaskHandler>>;
  instanceId: string;
  now: () => Date;
  logger: Logger;
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Tasks run at once by this instance; each updates only its own documents. */
  concurrency?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** Called (throttled) as a task moves on, and once when it is done or failed. */
  onProgress?: (task: Task) => Promise<void>;
  onFinished?: (task: Task) => Promise<void>;
}

export interface TaskRunner {
  /** Claims and runs due tasks until none is left (tests call it; the timer calls it too). */
  drain(): Promise<number>;
  /** Stops claiming, asks running tasks to let go, and returns within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const PROGRESS_EVERY_MS = 1_500;

export function startTaskRunner(options: TaskRunnerOptions): TaskRunner {
  const { models, handlers, instanceId, now, logger } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 2;
  const policy = { maxAttempts: options.maxAttempts ?? 5, backoffMs: options.backoffMs ?? 5_000 };
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();

  async function runOne(task: Task): Promise<void> {
    const handler = handlers[task.kind];
    let lastReport = 0;
    const control: TaskControl = {
      signal: stopping.signal,
      async progress(done, total) {
        if (stopping.signal.aborted) throw new TaskAborted();
        const at = now();
        // Paused past its lease (a long stall), the task may be another instance's now: never both
        // (an export would reach HR twice).
        if (!(await heartbeat(models, task, instanceId, leaseMs, at, { done, total })))
          throw new TaskLeaseLost();
        if (options.onProgress && at.getTime() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = at.getTime();
          await options.onProgress({ ...task, progress: { done, total } }).catch(() => undefined);
        }
      },
    };
    // The lease is also renewed on a timer, for steps that take long between two progress calls.
    const keepAlive = setInterval(
      () => void heartbeat(models, task, instanceId, leaseMs, now()).catch(() => undefined),
      Math.max(1_000, leaseMs / 3),
    );
    try {
      if (!handler) throw new Error(`no handler for task kind ${task.kind}`);
      const result = await handler(task, control);
      const done = await finishTask(models, task, instanceId, result ?? {}, now());
      if (done) {
        await options.onFinished?.(done).catch(() => undefined);
        // What a result keeps only for its report (file cells quoted in errors, say) goes once reported.
        if ((done.result as { transient?: unknown } | null)?.transient !== undefined)
          await models.Task.updateOne({ _id: done._id }, { $unset: { 'result.transient': '' } });
      }
    } catch (error) {
      if (error instanceof TaskLeaseLost) return;
      if (error instanceof TaskAborted) {
        // Let go at once, so the next instance (or this one after a restart) resumes without waiting.
        await models.Task.updateOne(
          { _id: task._id, owner: instanceId, state: 'running' },
          { $set: { state: 'queued', owner: null, leaseUntil: null }, $inc: { attempts: -1 } },
        );
        return;
      }
      const name = error instanceof Error ? error.name : 'Error';
      logger.error({ taskId: String(task._id), kind: task.kind, error: name }, 'task attempt failed');
      const failed = await failTask(models, task, instanceId, name, policy, now());
      if (failed?.state === 'failed') await options.onFinished?.(failed).catch(() => undefined);
    } finally {
      clearInterval(keepAlive);
    }
  }

  let draining: Promise<number> | null = null;
  async function drainNow(): Promise<number> {
    let started = 0;
    while (!stopping.signal.aborted) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      const task = await claimTask(models, instanceId, leaseMs, now());
      if (!task) break;
      started++;
      const run = runOne(task).finally(() => running.delete(run));
      running.add(run);
    }
    await Promise.all(running);
    return started;
  }
  // Asked while a drain is already waiting for its last tasks, the drain looks for work once more
  // before it ends: a task queued just now is then run by the drain its asker waits for.
  let askedAgain = false;
  async function drainUntilNothingNew(): Promise<number> {
    let started = 0;
    do {
      askedAgain = false;
      started += await drainNow();
    } while (askedAgain && !stopping.signal.aborted);
    return started;
  }
  const drain = () => {
    if (draining) askedAgain = true;
    draining ??= drainUntilNothingNew().finally(() => {
      draining = null;
    });
    return draining;
  };

  const timer = setInterval(() => {
    drain().catch((error: unknown) =>
      logger.error({ error: error instanceof Error ? error.name : 'Error' }, 'task runner failed'),
    );
  }, options.pollIntervalMs ?? 1_000);

  return {
    drain,
    async stop(graceMs = 5_000) {
      clearInterval(timer);
      stopping.abort();
      const all = Promise.all(running);
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
