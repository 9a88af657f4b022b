// Background work survives a database outage: the start-up catch-up of the daily jobs fails while
// the database is unreachable, the bot keeps running, and the jobs run once the database is back.
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApp } from '../../src/app.ts';
import { FakeBotApi } from '../harness/index.ts';
import { DatabaseProxy } from '../support/db-proxy.ts';
import { connectTestDb, freshDbName, startTestApp } from '../support/test-app.ts';

const api = new FakeBotApi();
const dbName = freshDbName('faults');
let proxy: DatabaseProxy;
let app: RunningApp | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  // Commands issued while the connection is down fail after half a second instead of ten.
  mongoose.set('bufferTimeoutMS', 500);
  process.on('unhandledRejection', onUnhandled);
  proxy = await new DatabaseProxy(inject('mongoUri')).start();
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  proxy.restore();
  await app?.stop();
  const db = await connectTestDb(dbName);
  await db.dropDatabase();
  await db.close();
  await proxy.stop();
  await api.stop();
});

describe('the database unreachable during the start-up catch-up', () => {
  it('leaves the bot running, and the daily jobs run once the database is back', async () => {
    const { apiRoot } = await api.start();
    // Start-up is held at getMe, after its own database work: then the database goes away.
    api.stopAnswering({ methods: ['getMe'] });
    const starting = startTestApp({
      apiRoot,
      dbName,
      mongoUri: proxy.uri,
      // 09:30 in Almaty: every 09:00 job is due, so the catch-up runs them all.
      now: () => new Date('2026-12-01T04:30:00Z'),
    });
    await api.waitUntil(
      () => api.heldRequests > 0 || undefined,
      20_000,
      () => 'start-up never reached Telegram',
    );
    proxy.cut();
    api.resumeAnswering();
    app = await starting;
    const running = app;
    api.trackUpdates(running.bot);

    // The catch-up failed (runDue is serialised behind it); it resolved rather than rejected.
    expect(await running.scheduler.runDue()).toEqual([]);

    proxy.restore();
    let ran: string[] = [];
    for (let attempt = 0; attempt < 40 && ran.length === 0; attempt++) {
      ran = await running.scheduler.runDue();
      if (ran.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(ran).toEqual(expect.arrayContaining(['survey360', 'noticesUnacknowledged', 'rankingReminders']));
    expect(await running.services.models.JobRun.countDocuments({ finishedAt: { $ne: null } })).toBe(
      ran.length,
    );

    // Still serving users.
    const user = api.user({ id: 6101, firstName: 'Aliya', languageCode: 'ru' });
    const { replies } = await user.send('/help');
    const t = running.services.translator.forLanguage('ru');
    expect(replies.some((m) => m.text?.includes(t('help.text')))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
