import { type Connection, type Model, Schema } from 'mongoose';
import cron, { type ScheduledTask } from 'node-cron';
import { almatyDateOf, almatyInstant } from '../calendar/index.ts';
import type { Logger } from '../logger.ts';

/** A daily job: runs at `hour:minute` Asia/Almaty, once per day across all bot instances. */
export interface DailyJob {
  name: string;
  hour: number;
  minute: number;
  run(now: Date): Promise<void>;
}

const jobRunSchema = new Schema(
  {
    /** `<job>:<Almaty date>`: the unique index lets exactly one instance run a day's job. */
    key: { type: String, required: true, unique: true },
    instanceId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    /** Set only when a run succeeded: a failed day's job is run again. */
    finishedAt: { type: Date, default: null },
    /** Failed runs so far today, and when the next attempt is due (any instance may take it). */
    failures: { type: Number, default: 0 },
    retryAt: { type: Date, default: null },
  },
  { versionKey: false },
);

export type JobRunModel = Model<{
  key: string;
  instanceId: string;
  startedAt: Date;
  finishedAt: Date | null;
  failures: number;
  retryAt: Date | null;
}>;

export function createSchedulerModels(connection: Connection): { JobRun: JobRunModel } {
  return { JobRun: connection.model('JobRun', jobRunSchema) as unknown as JobRunModel };
}

/** Jobs are idempotent, so re-running one whose instance died is safe; 15 minutes is far beyond a normal run. */
const ABANDONED_AFTER_MS = 15 * 60_000;
/** A failed job is tried again after 1, 2, 4 … minutes, at most 30 apart, until it succeeds that day. */
export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
}
const DEFAULT_RETRY: RetryPolicy = { firstMs: 60_000, maxMs: 30 * 60_000 };

export function retryDelayMs(failures: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, failures - 1));
}

/** What may be logged about an error: its kind, never its message (it can carry a name or an id number). */
export function describeError(error: unknown): { type: string; code?: string | number } {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return {
    type: typeof name === 'string' ? name : typeof error,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}

/** Thrown by forEachItem when some items failed: the job is then retried (the items done are idempotent). */
export class JobItemsFailed extends Error {
  constructor(
    readonly failedIds: string[],
    readonly total: number,
  ) {
    super(`${failedIds.length} of ${total} items failed: ${failedIds.join(', ')}`);
    this.name = 'JobItemsFailed';
  }
}

/**
 * Runs `work` for every item of a daily job (a campaign, a sheet) so that one failing item does not
 * skip the rest; each failure is logged by the item's document id only, and the job fails at the end.
 */
export async function forEachItem<T>(
  logger: Logger,
  job: string,
  items: readonly T[],
  idOf: (item: T) => string,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  const failed: string[] = [];
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      failed.push(idOf(item));
      logger.error({ job, itemId: idOf(item), err: describeError(error) }, 'daily job item failed');
    }
  }
  if (failed.length > 0) throw new JobItemsFailed(failed, items.length);
}

export interface Scheduler {
  /**
   * Runs every job whose time today has come and that no instance has finished today or is running
   * (also the start-up catch-up, and the retry of a failed job once its retryAt has come).
   * Returns the jobs that ran and succeeded.
   */
  runDue(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * node-cron fires each job at its Almaty time; every firing, a catch-up at start (node-cron drops
 * runs missed while the process was down) and the retry of a failed job go through runDue, which
 * claims the day's slot with a unique insert (or an atomic take-over of a failed or abandoned run)
 * so two instances never both run it.
 */
export function startScheduler(options: {
  jobs: readonly DailyJob[];
  JobRun: JobRunModel;
  instanceId: string;
  now: () => Date;
  logger: Logger;
  /** false in tests that drive runDue themselves (no cron, no retry timer). */
  timers?: boolean;
  retry?: RetryPolicy;
}): Scheduler {
  const { jobs, JobRun, instanceId, now, logger } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const timers = options.timers !== false;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  async function claim(job: DailyJob, at: Date): Promise<boolean> {
    const today = almatyDateOf(at);
    if (at < almatyInstant(today, job.hour, job.minute)) return false;
    const key = `${job.name}:${today}`;
    // Taken over: a failed run whose retry is due; one that started long ago and never finished (its
    // process died); or one of ours whose failure could not be recorded (runs are serialised here, so
    // an unfinished run of this instance is not running).
    const takenOver = await JobRun.findOneAndUpdate(
      {
        key,
        finishedAt: null,
        $or: [
          { retryAt: { $ne: null, $lte: at } },
          { retryAt: null, startedAt: { $lt: new Date(at.getTime() - ABANDONED_AFTER_MS) } },
          { retryAt: null, instanceId },
        ],
      },
      { $set: { instanceId, startedAt: at, retryAt: null } },
    );
    if (takenOver) return true;
    try {
      await JobRun.create({ key, instanceId, startedAt: at });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async function runOne(job: DailyJob): Promise<boolean> {
    const at = now();
    const key = `${job.name}:${almatyDateOf(at)}`;
    if (!(await claim(job, at))) return false;
    try {
      await job.run(at);
    } catch (error) {
      const run = await JobRun.findOneAndUpdate(
        { key },
        { $inc: { failures: 1 } },
        { new: true, projection: { failures: 1 } },
      );
      const retryAt = new Date(now().getTime() + retryDelayMs(run?.failures ?? 1, retry));
      await JobRun.updateOne({ key }, { $set: { retryAt } });
      logger.error(
        { job: job.name, err: describeError(error), retryAt },
        'daily job failed; it will be retried',
      );
      return false;
    }
    await JobRun.updateOne({ key }, { $set: { finishedAt: now(), retryAt: null } });
    return true;
  }

  let running: Promise<string[]> = Promise.resolve([]);
  async function runDueNow(): Promise<string[]> {
    const ran: string[] = [];
    let databaseFailed = false;
    for (const job of jobs) {
      // A failing job never keeps the others from running. A database error while claiming or
      // recording ends this round instead: the others would only wait for it; all are tried again shortly.
      try {
        if (await runOne(job)) ran.push(job.name);
      } catch (error) {
        databaseFailed = true;
        logger.error(
          { job: job.name, err: describeError(error) },
          'daily job could not be claimed or recorded; the jobs are tried again shortly',
        );
        break;
      }
    }
    await armRetryTimer(databaseFailed);
    return ran;
  }
  // Serialised, so a cron firing, a retry and a manual tick never overlap inside one instance.
  const runDue = () => {
    running = running.then(runDueNow, runDueNow);
    return running;
  };
  const runInBackground = () => {
    if (stopped) return;
    runDue().catch((error: unknown) => logger.error({ err: describeError(error) }, 'daily jobs failed'));
  };

  /**
   * One timer, for the earliest retry any instance recorded (the run it triggers takes every retry
   * that is due, then arms the next); after a database error, simply a run a minute later.
   */
  async function armRetryTimer(databaseFailed: boolean): Promise<void> {
    if (!timers || stopped) return;
    let at: Date | undefined;
    if (!databaseFailed) {
      try {
        const today = almatyDateOf(now());
        const next = await JobRun.findOne(
          {
            key: { $in: jobs.map((job) => `${job.name}:${today}`) },
            finishedAt: null,
            retryAt: { $ne: null },
          },
          { retryAt: 1 },
        )
          .sort({ retryAt: 1 })
          .lean();
        at = next?.retryAt ?? undefined;
        if (!at) return;
      } catch (error) {
        logger.error({ err: describeError(error) }, 'daily job retries could not be read');
      }
    }
    const delay = at
      ? Math.max(Math.min(1000, retry.firstMs), at.getTime() - now().getTime())
      : retry.firstMs;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      runInBackground();
    }, delay);
  }

  const tasks: ScheduledTask[] = timers
    ? jobs.map((job) =>
        cron.schedule(`${job.minute} ${job.hour} * * *`, runInBackground, {
          timezone: 'Asia/Almaty',
          name: job.name,
          noOverlap: true,
        }),
      )
    : [];
  return {
    runDue,
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await Promise.all(tasks.map((task) => task.destroy()));
      await running.catch(() => undefined);
    },
  };
}
