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
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false },
);

export type JobRunModel = Model<{
  key: string;
  instanceId: string;
  startedAt: Date;
  finishedAt: Date | null;
}>;

export function createSchedulerModels(connection: Connection): { JobRun: JobRunModel } {
  return { JobRun: connection.model('JobRun', jobRunSchema) as unknown as JobRunModel };
}

/** Jobs are idempotent, so re-running one whose instance died is safe; 15 minutes is far beyond a normal run. */
const ABANDONED_AFTER_MS = 15 * 60_000;

export interface Scheduler {
  /** Runs every job whose time today has come and that no instance has run today (also the start-up catch-up). */
  runDue(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * node-cron fires each job at its Almaty time; every firing, and a catch-up at start (node-cron drops
 * runs missed while the process was down), goes through runDue, which claims the day's slot with a
 * unique insert so two instances never both run it.
 */
export function startScheduler(options: {
  jobs: readonly DailyJob[];
  JobRun: JobRunModel;
  instanceId: string;
  now: () => Date;
  logger: Logger;
  /** false in tests that drive runDue themselves. */
  timers?: boolean;
}): Scheduler {
  const { jobs, JobRun, instanceId, now, logger } = options;

  async function claim(job: DailyJob, at: Date): Promise<boolean> {
    const today = almatyDateOf(at);
    if (at < almatyInstant(today, job.hour, job.minute)) return false;
    const key = `${job.name}:${today}`;
    // A run that started long ago and never finished died with its process: take it over.
    const abandoned = await JobRun.findOneAndUpdate(
      { key, finishedAt: null, startedAt: { $lt: new Date(at.getTime() - ABANDONED_AFTER_MS) } },
      { $set: { instanceId, startedAt: at } },
    );
    if (abandoned) return true;
    try {
      await JobRun.create({ key, instanceId, startedAt: at });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  let running: Promise<string[]> = Promise.resolve([]);
  async function runDueNow(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) {
      const at = now();
      if (!(await claim(job, at))) continue;
      try {
        await job.run(at);
        ran.push(job.name);
      } catch (error) {
        logger.error({ err: error, job: job.name }, 'scheduled job failed');
      } finally {
        await JobRun.updateOne({ key: `${job.name}:${almatyDateOf(at)}` }, { $set: { finishedAt: now() } });
      }
    }
    return ran;
  }
  // Serialised, so a cron firing and a manual tick never overlap inside one instance.
  const runDue = () => {
    running = running.then(runDueNow, runDueNow);
    return running;
  };

  const tasks: ScheduledTask[] =
    options.timers === false
      ? []
      : jobs.map((job) =>
          cron.schedule(`${job.minute} ${job.hour} * * *`, () => void runDue(), {
            timezone: 'Asia/Almaty',
            name: job.name,
            noOverlap: true,
          }),
        );
  return {
    runDue,
    async stop() {
      await Promise.all(tasks.map((task) => task.destroy()));
      await running.catch(() => undefined);
    },
  };
}
