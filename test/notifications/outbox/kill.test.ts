import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../../src/db/connection.ts';
import { enqueueMany } from '../../../src/notifications/outbox/index.ts';
import { itemIdOf, type OutboxFixture, outboxFixture, successfulSends } from './helpers.ts';

let fx: OutboxFixture;
beforeEach(async () => {
  fx = await outboxFixture();
});
afterEach(async () => {
  await fx.close();
});

const N = 80;

describe('a worker process SIGKILLed inside a batch', () => {
  it('leaves every notice to be sent exactly once by the next worker, probing only what had started', async () => {
    await enqueueMany(
      fx.models,
      Array.from({ length: N }, (_, i) => ({
        key: `notice:${i}`,
        kind: 'resultNotice',
        chatId: 6000 + i,
        text: `notice ${i}`,
        ackText: 'OK',
      })),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./worker-process.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          OUTBOX_TEST_URI: withDatabase(inject('mongoUri'), fx.dbName),
          OUTBOX_TEST_API_ROOT: fx.fake.apiRoot,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const exited = once(child, 'exit');
    // Killed while requests are in flight, a third of the way through (batches of 12, chunks of 2).
    await fx.fake.waitUntil(
      () => successfulSends(fx.fake).size >= N / 3 || undefined,
      20_000,
      () => 'the worker process to send a third of the notices',
    );
    child.kill('SIGKILL');
    await exited;

    const inFlight = await fx.models.OutboxItem.find({ state: { $in: ['sending', 'unknown'] } }).lean();
    const started = new Set(inFlight.filter((item) => item.startedAt).map((item) => String(item._id)));
    expect(inFlight.length).toBeGreaterThan(0);

    // The next worker's clock is past the dead lease.
    const worker = fx.startWorker({ now: () => new Date(Date.now() + 60_000) });
    await worker.drain();

    const sends = successfulSends(fx.fake);
    expect(sends.size).toBe(N);
    expect([...sends.values()].filter((count) => count !== 1)).toEqual([]);
    expect(await fx.models.OutboxItem.countDocuments({ state: 'sent' })).toBe(N);
    const probed = fx.fake.callsOf('editMessageReplyMarkup').map((call) => itemIdOf(call.params)!);
    expect(probed.filter((id) => !started.has(id))).toEqual([]);
    expect(probed.length).toBeLessThanOrEqual(started.size * 3);
    expect(worker.stats().requeuedUnstarted).toBe(inFlight.length - started.size);
  });
});
