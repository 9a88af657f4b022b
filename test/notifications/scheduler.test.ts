// The daily-job scheduler against a real database (the test MongoDB, and a proxy that can cut it
// off): a failed job is not marked finished and is retried; one failing item does not skip the rest.
import { Writable } from 'node:stream';
import type mongoose from 'mongoose';
import { createConnection, Schema } from 'mongoose';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../src/db/connection.ts';
import {
  createSchedulerModels,
  type DailyJob,
  forEachItem,
  JobItemsFailed,
  type JobRunModel,
  retryDelayMs,
  startScheduler,
} from '../../src/notifications/scheduler.ts';
import { DatabaseProxy } from '../support/db-proxy.ts';
import { connectTestDb, freshDbName } from '../support/test-app.ts';

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ base: undefined }, stream), lines };
}

// 09:30 in Almaty on Tuesday 1 December 2026; the jobs are due at 09:00.
const T0 = new Date('2026-12-01T04:30:00Z');
const TODAY = '2026-12-01';

const dbName = freshDbName('scheduler');
let db: mongoose.Connection;
let JobRun: JobRunModel;
/** A collection with a unique key: inserting a key twice is a real database error (E11000). */
let Claimed: mongoose.Model<{ key: string }>;

beforeAll(async () => {
  db = await connectTestDb(dbName);
  ({ JobRun } = createSchedulerModels(db));
  Claimed = db.model('Claimed', new Schema({ key: { type: String, required: true, unique: true } }));
  await JobRun.init();
  await Claimed.init();
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});
afterEach(async () => {
  await JobRun.deleteMany({});
  await Claimed.deleteMany({});
});

const job = (name: string, run: () => Promise<unknown>): DailyJob => ({
  name,
  hour: 9,
  minute: 0,
  run: async () => void (await run()),
});

describe('a daily job that fails', () => {
  it('is not marked finished, is retried once its retry is due, and the other jobs still run', async () => {
    await Claimed.create({ key: 'taken' });
    let clock = T0;
    const { logger, lines } = capturedLogger();
    const ran: string[] = [];
    const scheduler = startScheduler({
      jobs: [
        job('inserts', async () => {
          await Claimed.create({ key: 'taken' });
          ran.push('inserts');
        }),
        job('other', async () => ran.push('other')),
      ],
      JobRun,
      instanceId: 'one',
      now: () => clock,
      logger,
      timers: false,
    });

    expect(await scheduler.runDue()).toEqual(['other']);
    const failed = await JobRun.findOne({ key: `inserts:${TODAY}` }).lean();
    expect(failed).toMatchObject({ finishedAt: null, failures: 1 });
    expect(failed?.retryAt?.getTime()).toBe(T0.getTime() + retryDelayMs(1));
    expect(lines.find((l) => l.msg === 'daily job failed; it will be retried')).toMatchObject({
      job: 'inserts',
      err: { type: 'MongoServerError', code: 11000 },
    });
    // The error's message (it names the duplicate value) is not logged.
    expect(JSON.stringify(lines)).not.toContain('taken');

    // Before its retry is due, nothing runs again; a second failure doubles the wait.
    clock = new Date(T0.getTime() + 30_000);
    expect(await scheduler.runDue()).toEqual([]);
    clock = new Date(T0.getTime() + retryDelayMs(1));
    expect(await scheduler.runDue()).toEqual([]);
    expect(await JobRun.findOne({ key: `inserts:${TODAY}` }).lean()).toMatchObject({ failures: 2 });
    expect((await JobRun.findOne({ key: `inserts:${TODAY}` }).lean())?.retryAt?.getTime()).toBe(
      clock.getTime() + retryDelayMs(2),
    );

    // The cause goes away: the next due retry succeeds (here on another instance), and the day's job is done.
    await Claimed.deleteMany({});
    clock = new Date(clock.getTime() + retryDelayMs(2));
    const otherInstance = startScheduler({
      jobs: [job('inserts', async () => ran.push('inserts (two)'))],
      JobRun,
      instanceId: 'two',
      now: () => clock,
      logger,
      timers: false,
    });
    expect(await otherInstance.runDue()).toEqual(['inserts']);
    expect(await JobRun.findOne({ key: `inserts:${TODAY}` }).lean()).toMatchObject({
      finishedAt: clock,
      instanceId: 'two',
    });
    expect(await scheduler.runDue()).toEqual([]);
    expect(ran).toEqual(['other', 'inserts (two)']);
    await scheduler.stop();
    await otherInstance.stop();
  });

  it('is retried by the scheduler itself', async () => {
    await Claimed.create({ key: 'taken' });
    let attempts = 0;
    const scheduler = startScheduler({
      // Due at 00:00 Almaty, so whenever the test runs.
      jobs: [
        {
          name: 'inserts',
          hour: 0,
          minute: 0,
          run: async () => {
            attempts++;
            await Claimed.create({ key: 'taken' });
          },
        },
      ],
      JobRun,
      instanceId: 'one',
      now: () => new Date(),
      logger: pino({ level: 'silent' }),
      retry: { firstMs: 200, maxMs: 200 },
    });
    expect(await scheduler.runDue()).toEqual([]);
    await Claimed.deleteMany({});
    // No one calls runDue again: the retry timer does.
    let finished = false;
    for (let waited = 0; waited < 10_000 && !finished; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = (await JobRun.exists({ finishedAt: { $ne: null } })) !== null;
    }
    expect(finished).toBe(true);
    expect(attempts).toBeGreaterThanOrEqual(2);
    await scheduler.stop();
  });
});

describe('the database unreachable while jobs are claimed', () => {
  let proxy: DatabaseProxy;
  let viaProxy: mongoose.Connection;

  beforeAll(async () => {
    proxy = await new DatabaseProxy(inject('mongoUri')).start();
    viaProxy = await createConnection(withDatabase(proxy.uri, dbName), { bufferCommands: false }).asPromise();
  });
  afterAll(async () => {
    await viaProxy.close(true);
    await proxy.stop();
  });

  it('runDue resolves (no rejection) and the jobs run once the database is back', async () => {
    const { JobRun: proxiedRuns } = createSchedulerModels(viaProxy);
    const { logger, lines } = capturedLogger();
    const ran: string[] = [];
    const scheduler = startScheduler({
      jobs: [job('a', async () => ran.push('a')), job('b', async () => ran.push('b'))],
      JobRun: proxiedRuns,
      instanceId: 'one',
      now: () => T0,
      logger,
      timers: false,
    });
    proxy.cut();
    expect(await scheduler.runDue()).toEqual([]);
    expect(lines.some((l) => String(l.msg).startsWith('daily job could not be claimed'))).toBe(true);
    expect(ran).toEqual([]);

    proxy.restore();
    let result: string[] = [];
    for (let attempt = 0; attempt < 40 && result.length === 0; attempt++) {
      result = await scheduler.runDue();
      if (result.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(result).toEqual(['a', 'b']);
    expect(await JobRun.countDocuments({ finishedAt: { $ne: null } })).toBe(2);
    await scheduler.stop();
  });
});

describe('forEachItem', () => {
  it('runs every item although one fails, logs the failure by id only, then fails the job', async () => {
    const { logger, lines } = capturedLogger();
    const done: string[] = [];
    const items = [{ id: 'c1' }, { id: 'c2', secret: 'Aigerim Nurlanovna' }, { id: 'c3' }];
    const run = forEachItem(
      logger,
      'survey360',
      items,
      (item) => item.id,
      async (item) => {
        if (item.id === 'c2') throw new Error(`cannot close for ${item.secret}`);
        done.push(item.id);
      },
    );
    await expect(run).rejects.toBeInstanceOf(JobItemsFailed);
    await expect(run).rejects.toMatchObject({ failedIds: ['c2'], total: 3 });
    expect(done).toEqual(['c1', 'c3']);
    expect(lines).toEqual([
      expect.objectContaining({ job: 'survey360', itemId: 'c2', err: { type: 'Error' } }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('Aigerim');
  });
});
