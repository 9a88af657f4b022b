// Soak: mixed load on the real bot for a while, memory sampled over time.
//   npx tsx bench/soak.ts                   (MONGODB_URI must point at a MongoDB)
// Env: BENCH_SOAK_S (default 60; 1800 for the 30-minute soak), BENCH_SOAK_USERS (default 300),
// BENCH_SOAK_RATE (updates/s from all users together, default 50), BENCH_SOAK_NOTICES (outbox messages/s,
// default 10).
// Every user is a linked employee; each update is one of /help, /survey (the respondent's list) or text
// outside any flow, and the outbox sends notices meanwhile. The bot runs in its own process
// (bench/soak-bot.ts); its RSS and heap are sampled every 5 s after a garbage collection, and the
// slope is fitted over the second half (after caches and pools have filled). Each sample also
// records the backlog (updates pushed and not yet answered), which tells a leak from a bot that
// fell behind its arrivals: a flat backlog with a rising heap is a leak, a rising backlog is not.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { withDatabase } from '../src/db/connection.ts';
import { createModels } from '../src/db/models.ts';
import { enqueueMany } from '../src/notifications/outbox/index.ts';
import { writeRoster } from '../src/people/roster/import.ts';
import { FakeBotApi } from '../test/harness/index.ts';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI) {
  console.error('MONGODB_URI is not set: point it at a MongoDB');
  process.exit(2);
}
const SECONDS = Number(process.env.BENCH_SOAK_S ?? 60);
const USERS = Number(process.env.BENCH_SOAK_USERS ?? 300);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 50);
const NOTICES = Number(process.env.BENCH_SOAK_NOTICES ?? 10);
const ORG = 'soak-akimat';
const SAMPLE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const telegramIdOf = (i: number) => 700_000 + i;

const dbName = `bench_soak_${randomUUID().slice(0, 8)}`;
const fake = new FakeBotApi();
const { apiRoot } = await fake.start();
const connection = await mongoose.createConnection(withDatabase(MONGODB_URI, dbName)).asPromise();
const models = await createModels(connection);
const bot = fork(fileURLToPath(new URL('./soak-bot.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_DB: dbName, BENCH_API_ROOT: apiRoot },
});
type Sample = { rss: number; heap: number; cpuMs: number };
const replies: ((sample: Sample) => void)[] = [];
bot.on('message', (message: Sample & { ready?: boolean }) => {
  if (!message.ready) replies.shift()?.(message);
});
await new Promise<void>((resolve) => bot.once('message', () => resolve()));
const ask = () =>
  new Promise<Sample>((resolve) => {
    replies.push(resolve);
    bot.send('sample');
  });
let exitCode = 1;
try {
  await writeRoster(models, {
    organisations: [{ code: ORG, name: 'Soak akimat', methodologyId: 'almaty-city-akimat-2023' }],
    units: [{ organisationCode: ORG, code: 'U1', name: 'Department', parentCode: null }],
    rows: Array.from({ length: USERS }, (_, i) => ({
      row: i + 2,
      organisationCode: ORG,
      personnelNumber: `S${i}`,
      fullName: `Soak Person ${i}`,
      position: 'Chief specialist',
      categoryCode: 'E-4',
      unitCode: 'U1',
      isHead: false,
      supervisorNumber: null,
      phone: `+7702${String(i).padStart(7, '0')}`,
      language: 'kk' as const,
      status: 'active' as const,
      appointedOn: '2020-01-01',
      roles: ['employee' as const],
    })),
  });
  const employees = await models.Employee.find({ organisationCode: ORG }, { personnelNumber: 1 }).lean();
  await models.Employee.bulkWrite(
    employees.map((e) => ({
      updateOne: {
        filter: { _id: e._id },
        update: { $set: { telegramId: telegramIdOf(Number(e.personnelNumber.slice(1))) } },
      },
    })),
  );
  await models.Account.bulkWrite(
    employees.map((e) => ({
      updateOne: {
        filter: { telegramId: telegramIdOf(Number(e.personnelNumber.slice(1))) },
        update: { $set: { employeeId: e._id, language: 'kk' } },
        upsert: true,
      },
    })),
  );
  const users = Array.from({ length: USERS }, (_, i) =>
    fake.user({ id: telegramIdOf(i), firstName: `Soak ${i}`, languageCode: 'kk' }),
  );
  const texts = ['/help', '/survey', 'hello'];

  console.log(
    `\nsoak: ${SECONDS} s, ${USERS} users, ${RATE} updates/s (/help, /survey, text), ${NOTICES} outbox notices/s`,
  );
  const samples: { t: number; rss: number; heap: number; backlog: number }[] = [];
  // Every update gets one reply; notices are the outbox's. Counted incrementally over the call log.
  let replied = 0;
  let scanned = 0;
  const countReplies = () => {
    for (; scanned < fake.calls.length; scanned++) {
      const call = fake.calls[scanned]!;
      if (call.method === 'sendMessage' && call.response.ok && call.params.text !== 'Notice') replied++;
    }
    return replied;
  };
  const sample = async (t: number) => {
    const memory = await ask();
    const backlog = sent - countReplies();
    samples.push({ t, rss: memory.rss / 2 ** 20, heap: memory.heap / 2 ** 20, backlog });
    return memory;
  };
  let sent = 0;
  let notices = 0;
  const started = performance.now();
  const cpuAtStart = (await sample(0)).cpuMs;
  let nextSample = SAMPLE_MS;
  while (performance.now() - started < SECONDS * 1000) {
    const elapsed = performance.now() - started;
    // Open loop: the updates due by now go out whatever the bot is doing.
    while (sent < (elapsed / 1000) * RATE) {
      const user = users[sent % USERS]!;
      void user.send(texts[sent % texts.length]!, { wait: false }).catch(() => undefined);
      sent++;
    }
    if (notices < (elapsed / 1000) * NOTICES) {
      const batch = Math.ceil((elapsed / 1000) * NOTICES) - notices;
      await enqueueMany(
        models,
        Array.from({ length: batch }, (_, k) => ({
          key: `soak:${notices + k}`,
          kind: 'soak',
          chatId: telegramIdOf((notices + k) % USERS),
          text: 'Notice',
          ackText: 'OK',
        })),
      );
      notices += batch;
    }
    if (elapsed >= nextSample) {
      await sample(elapsed / 1000);
      nextSample += SAMPLE_MS;
    }
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = (await sample(seconds)).cpuMs - cpuAtStart;
  const second = samples.filter((s) => s.t >= seconds / 2);
  const slope = (key: 'rss' | 'heap' | 'backlog') => {
    const n = second.length;
    if (n < 2) return Number.NaN;
    const mt = second.reduce((a, s) => a + s.t, 0) / n;
    const mv = second.reduce((a, s) => a + s[key], 0) / n;
    const num = second.reduce((a, s) => a + (s.t - mt) * (s[key] - mv), 0);
    const den = second.reduce((a, s) => a + (s.t - mt) ** 2, 0);
    return (num / den) * 60;
  };
  const sentByBot = fake.calls.filter((c) => c.method === 'sendMessage' && c.response.ok).length;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const maxRss = Math.max(...samples.map((s) => s.rss));
  console.log(`  updates pushed ${sent}, notices enqueued ${notices}; messages the bot sent ${sentByBot}`);
  console.log(
    `  RSS ${first.rss.toFixed(0)} → ${last.rss.toFixed(0)} MB (max ${maxRss.toFixed(0)}); heap ${first.heap.toFixed(0)} → ${last.heap.toFixed(0)} MB`,
  );
  console.log(
    `  second half: RSS ${slope('rss').toFixed(2)} MB/min, heap ${slope('heap').toFixed(2)} MB/min; bot CPU ${(cpuMs / seconds / 10).toFixed(0)} % of a core`,
  );
  const maxBacklog = Math.max(...samples.map((s) => s.backlog));
  console.log(
    `  backlog (pushed, not yet answered): max ${maxBacklog}, at the end ${last.backlog}; second half ${slope('backlog').toFixed(1)} updates/min`,
  );
  console.log(
    `  samples (s:RSS MB:backlog): ${samples.map((s) => `${s.t.toFixed(0)}:${s.rss.toFixed(0)}:${s.backlog}`).join(' ')}`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      bench: 'soak',
      seconds,
      updates: sent,
      notices,
      rssStartMb: first.rss,
      rssEndMb: last.rss,
      rssMaxMb: maxRss,
      rssSlopeMbPerMin: slope('rss'),
      heapSlopeMbPerMin: slope('heap'),
      backlogMax: maxBacklog,
      backlogEnd: last.backlog,
    })}`,
  );
  exitCode = 0;
} catch (error) {
  console.error('soak failed:', error);
} finally {
  bot.send('stop');
  await new Promise((resolve) => bot.once('exit', resolve));
  await connection.dropDatabase();
  await connection.close();
  await fake.stop();
}
process.exit(exitCode);
