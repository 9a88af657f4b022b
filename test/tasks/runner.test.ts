import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTaskModels, type TaskModels } from '../../src/tasks/models.ts';
import { enqueueTask } from '../../src/tasks/queue.ts';
import { startTaskRunner, type TaskHandler, type TaskRunner } from '../../src/tasks/runner.ts';
import { connectTestDb, freshDbName } from '../support/test-app.ts';

const logger = pino({ level: 'silent' });
const dbName = freshDbName('tasks');
let db: mongoose.Connection;
let models: TaskModels;
let Sent: mongoose.Model<{ key: string }>;
let clock = new Date('2026-12-01T04:00:00Z');
const now = () => clock;

/** A close-like task: sends one keyed notice per item, so a resumed run sends nothing twice. */
const ITEMS = 40;
const sendAll =
  (onItem?: (index: number) => Promise<void>): TaskHandler =>
  async (task, control) => {
    for (let index = 0; index < ITEMS; index++) {
      await control.progress(index, ITEMS);
      await onItem?.(index);
      await Sent.updateOne(
        { key: `${String(task._id)}:${index}` },
        { $setOnInsert: { key: `${String(task._id)}:${index}` } },
        { upsert: true },
      );
    }
    return { sent: ITEMS };
  };

function runner(id: string, handler: TaskHandler, extra: { maxAttempts?: number } = {}): TaskRunner {
  return startTaskRunner({
    models,
    handlers: { close: handler },
    instanceId: id,
    now,
    logger,
    leaseMs: 30_000,
    pollIntervalMs: 60_000,
    backoffMs: 1_000,
    ...extra,
  });
}

beforeAll(async () => {
  db = await connectTestDb(dbName);
  models = createTaskModels(db);
  await models.Task.init();
  Sent = db.model('Sent', new Schema({ key: { type: String, required: true, unique: true } }));
  await Sent.init();
});

afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

beforeEach(async () => {
  await models.Task.deleteMany({});
  await Sent.deleteMany({});
  clock = new Date('2026-12-01T04:00:00Z');
});

describe('task queue and runner', () => {
  it('asking twice for the same work gives one task', async () => {
    const first = await enqueueTask(models, { key: 'close:a', kind: 'close' }, now());
    const second = await enqueueTask(models, { key: 'close:a', kind: 'close' }, now());
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(String(second.task._id)).toBe(String(first.task._id));
    expect(await models.Task.countDocuments()).toBe(1);
  });

  it('runs a task to the end and records its result and progress', async () => {
    const { task } = await enqueueTask(models, { key: 'close:b', kind: 'close' }, now());
    const a = runner('a', sendAll());
    expect(await a.drain()).toBe(1);
    await a.stop();
    const done = await models.Task.findById(task._id).lean();
    expect(done).toMatchObject({ state: 'done', result: { sent: ITEMS }, attempts: 1 });
    expect(done?.progress?.done).toBe(ITEMS - 1);
    expect(await Sent.countDocuments()).toBe(ITEMS);
  });

  it('an instance that dies halfway: another takes over after the lease and finishes, nothing twice', async () => {
    const { task } = await enqueueTask(models, { key: 'close:c', kind: 'close' }, now());
    // Instance A hangs forever after item 17, as a killed process would (it never finishes or lets go).
    const hang = new Promise<void>(() => undefined);
    const a = runner(
      'a',
      sendAll((index) => (index === 17 ? hang : Promise.resolve())),
    );
    void a.drain();
    for (let i = 0; i < 200 && (await Sent.countDocuments()) < 17; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(await Sent.countDocuments()).toBe(17);

    const b = runner('b', sendAll());
    expect(await b.drain()).toBe(0); // A's lease still holds.
    clock = new Date(clock.getTime() + 31_000);
    expect(await b.drain()).toBe(1);
    await b.stop();
    await a.stop(10);
    const done = await models.Task.findById(task._id).lean();
    expect(done).toMatchObject({ state: 'done', owner: 'b', attempts: 2 });
    expect(await Sent.countDocuments()).toBe(ITEMS);
  });

  it('an instance that stalls past its lease stops at its next item once another took over: no second result', async () => {
    const { task } = await enqueueTask(models, { key: 'close:f', kind: 'close' }, now());
    let resume!: () => void;
    const stalled = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const seenByA: number[] = [];
    const finishedByA: string[] = [];
    const a = startTaskRunner({
      models,
      handlers: {
        close: sendAll(async (index) => {
          seenByA.push(index);
          if (index === 17) await stalled;
        }),
      },
      instanceId: 'a',
      now,
      logger,
      leaseMs: 30_000,
      pollIntervalMs: 60_000,
      onFinished: async (t) => void finishedByA.push(t.state),
    });
    const drained = a.drain();
    for (let i = 0; i < 200 && !seenByA.includes(17); i++) await new Promise((r) => setTimeout(r, 5));
    clock = new Date(clock.getTime() + 31_000);
    const b = runner('b', sendAll());
    expect(await b.drain()).toBe(1);
    await b.stop();
    resume();
    await drained;
    await a.stop(10);
    // A went on with the item it was at, then found the task gone at its next step.
    expect(seenByA.at(-1)).toBe(17);
    expect(finishedByA).toEqual([]);
    expect(await models.Task.findById(task._id).lean()).toMatchObject({ state: 'done', owner: 'b' });
    expect(await Sent.countDocuments()).toBe(ITEMS);
  });

  it('a drain asked for while it waits for its last task also runs what was queued meanwhile', async () => {
    let release!: () => void;
    const slowStep = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = startTaskRunner({
      models,
      handlers: {
        slow: async () => {
          await slowStep;
          return {};
        },
        close: sendAll(),
      },
      instanceId: 'a',
      now,
      logger,
      pollIntervalMs: 60_000,
    });
    await enqueueTask(models, { key: 'slow', kind: 'slow' }, now());
    const first = a.drain();
    for (let i = 0; i < 200 && !(await models.Task.exists({ key: 'slow', state: 'running' })); i++)
      await new Promise((r) => setTimeout(r, 5));
    // By now the drain found nothing else to claim and only waits for the slow task.
    await new Promise((r) => setTimeout(r, 50));
    const { task } = await enqueueTask(models, { key: 'close:g', kind: 'close' }, now());
    const second = a.drain();
    release();
    await Promise.all([first, second]);
    await a.stop();
    expect(await models.Task.findById(task._id).lean()).toMatchObject({ state: 'done' });
  });

  it('a stopping instance lets go at the next item, and the restart resumes at once', async () => {
    const { task } = await enqueueTask(models, { key: 'close:d', kind: 'close' }, now());
    let a: TaskRunner | null = null;
    a = runner(
      'a',
      sendAll(async (index) => {
        if (index === 5) void a?.stop();
      }),
    );
    await a.drain();
    const released = await models.Task.findById(task._id).lean();
    expect(released).toMatchObject({ state: 'queued', owner: null, attempts: 0 });
    const b = runner('b', sendAll());
    expect(await b.drain()).toBe(1);
    await b.stop();
    expect(await Sent.countDocuments()).toBe(ITEMS);
  });

  it('a failing attempt is retried after a backoff, then marked failed; other tasks still run', async () => {
    const boom: TaskHandler = async () => {
      throw new Error('database unreachable');
    };
    const failing = await enqueueTask(models, { key: 'boom', kind: 'boom' }, now());
    await enqueueTask(models, { key: 'close:e', kind: 'close' }, now());
    const finished: string[] = [];
    const a = startTaskRunner({
      models,
      handlers: { boom, close: sendAll() },
      instanceId: 'a',
      now,
      logger,
      pollIntervalMs: 60_000,
      backoffMs: 1_000,
      maxAttempts: 2,
      onFinished: async (t) => void finished.push(`${t.kind}:${t.state}`),
    });
    await a.drain();
    expect(await models.Task.findById(failing.task._id).lean()).toMatchObject({
      state: 'queued',
      attempts: 1,
    });
    expect(finished).toEqual(['close:done']);
    clock = new Date(clock.getTime() + 1_500);
    await a.drain();
    await a.stop();
    expect(await models.Task.findById(failing.task._id).lean()).toMatchObject({
      state: 'failed',
      attempts: 2,
      lastError: 'Error',
    });
    expect(finished).toEqual(['close:done', 'boom:failed']);
  });
});
