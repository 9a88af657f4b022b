// Broadcast benchmark for the notification outbox.
//   ../shared/mongo-standin/with-mongo.sh npx tsx bench/broadcast.ts
// Env: MONGODB_URI (required), BENCH_N (default 20000 notices to as many chats),
// BENCH_CEILING (fake Bot API ceiling, msg/s overall, default 1000; 1/s per chat),
// BENCH_TIME_LIMIT_S (per phase, default 150: a phase that runs out prints what it managed).
// Phase 1: one in-process worker. Phase 2: the worker in a child process, SIGKILLed halfway, restarted.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Api } from 'grammy';
import mongoose from 'mongoose';
import {
  createOutboxModels,
  type EnqueueInput,
  enqueueMany,
  initOutboxModels,
  type OutboxModels,
  startOutboxWorker,
} from '../src/notifications/outbox/index.ts';
import { FakeBotApi } from '../test/harness/index.ts';
import { workerTuning } from './broadcast-tuning.ts';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI) {
  console.error(
    'MONGODB_URI is not set: run ../shared/mongo-standin/with-mongo.sh npx tsx bench/broadcast.ts',
  );
  process.exit(2);
}
const N = Number(process.env.BENCH_N ?? 20_000);
const CEILING = Number(process.env.BENCH_CEILING ?? 1_000);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 150) * 1000;
const baseUri = MONGODB_URI.replace(/\/?$/, '/');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Setup {
  fake: FakeBotApi;
  apiRoot: string;
  dbName: string;
  connection: mongoose.Connection;
  models: OutboxModels;
}

async function setUp(label: string): Promise<Setup> {
  const fake = new FakeBotApi();
  const { apiRoot } = await fake.start();
  fake.rateLimit({ globalPerSecond: CEILING, perChatPerSecond: 1 });
  const dbName = `bench_broadcast_${label}_${randomUUID().slice(0, 8)}`;
  const connection = await mongoose.createConnection(`${baseUri}${dbName}`).asPromise();
  const models = createOutboxModels(connection);
  await initOutboxModels(models);
  const started = performance.now();
  for (let from = 0; from < N; from += 1000) {
    const notices: EnqueueInput[] = [];
    for (let i = from; i < Math.min(N, from + 1000); i++) {
      notices.push({
        key: `resultNotice:bench:${i}`,
        kind: 'resultNotice',
        chatId: 100_000 + i,
        text: `Result ${i}`,
        ackText: 'OK',
      });
    }
    await enqueueMany(models, notices);
  }
  console.log(`  enqueued ${N} notices in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { fake, apiRoot, dbName, connection, models };
}

/** Successful sendMessage calls per key (the text carries the index). */
function okSendsByKey(fake: FakeBotApi): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsOf('sendMessage')) {
    if (!call.response.ok) continue;
    const key = String(call.params.text);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function report(setup: Setup, seconds: number): Promise<{ duplicates: number; losses: number }> {
  const sends = okSendsByKey(setup.fake);
  const okSends = [...sends.values()].reduce((a, b) => a + b, 0);
  const duplicates = [...sends.values()].filter((n) => n > 1).length;
  const losses = N - sends.size;
  const notSentInDb = await setup.models.OutboxItem.countDocuments({ state: { $ne: 'sent' } });
  const reconciled = await setup.models.OutboxItem.countDocuments({ reconciledAt: { $ne: null } });
  const rate = okSends / seconds;
  console.log(
    `  sent ${okSends} in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} msg/s, ${((rate / CEILING) * 100).toFixed(1)}% of the ${CEILING} msg/s ceiling`,
  );
  console.log(`  429 answers: ${setup.fake.stats().tooManyRequests}`);
  console.log(`  duplicates (keys sent twice): ${duplicates}`);
  console.log(`  losses (keys never sent): ${losses}; items not 'sent' in the database: ${notSentInDb}`);
  console.log(
    `  reconciled items: ${reconciled}; probes (editMessageReplyMarkup): ${setup.fake.callsOf('editMessageReplyMarkup').length}`,
  );
  return { duplicates, losses };
}

async function tearDown(setup: Setup): Promise<void> {
  await setup.connection.dropDatabase();
  await setup.connection.close();
  await setup.fake.stop();
}

async function inProcess(): Promise<{ duplicates: number; losses: number }> {
  console.log(`\nPhase 1: one worker in this process, ${N} notices to ${N} chats, ceiling ${CEILING} msg/s`);
  const setup = await setUp('inproc');
  const worker = startOutboxWorker({
    models: setup.models,
    api: new Api('123456:BENCH-token', { apiRoot: setup.apiRoot }),
    instanceId: 'bench-inproc',
    ...workerTuning(CEILING),
  });
  const started = performance.now();
  const drained = await Promise.race([
    worker.drain().then(() => true),
    sleep(TIME_LIMIT_MS).then(() => false),
  ]);
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  if (!drained)
    console.log(`  TIME LIMIT (${TIME_LIMIT_MS / 1000} s) reached: figures are for what was sent so far`);
  const result = await report(setup, seconds);
  await tearDown(setup);
  return drained ? result : { ...result, losses: 0 };
}

function startChild(setup: Setup, instance: string): { child: ChildProcess; exited: Promise<number | null> } {
  const entry = fileURLToPath(new URL('./broadcast-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      BENCH_DB: setup.dbName,
      BENCH_API_ROOT: setup.apiRoot,
      BENCH_RATE: String(CEILING),
      BENCH_INSTANCE: instance,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().trim().split('\n'))
      if (line) console.log(`  [${instance}] stats ${line}`);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

async function killedHalfway(): Promise<{ duplicates: number; losses: number }> {
  console.log(
    `\nPhase 2: worker in a child process, SIGKILL after ${Math.floor(N / 2)} sends, then restarted`,
  );
  const setup = await setUp('kill');
  const deadline = Date.now() + TIME_LIMIT_MS;
  const started = performance.now();
  const first = startChild(setup, 'child-1');
  let firstExit: number | null | undefined;
  void first.exited.then((code) => {
    firstExit = code;
  });
  while (okSendsByKey(setup.fake).size < N / 2 && firstExit === undefined && Date.now() < deadline)
    await sleep(5);
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = okSendsByKey(setup.fake).size;
  const sending = await setup.models.OutboxItem.countDocuments({ state: 'sending' });
  console.log(
    `  killed child-1 (pid ${first.child.pid}) after ${atKill} messages; items left 'sending': ${sending}`,
  );

  const second = startChild(setup, 'child-2');
  const timer = setTimeout(() => second.child.kill('SIGTERM'), Math.max(1000, deadline - Date.now()));
  const code = await second.exited;
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0)
    console.log(
      `  child-2 did not finish (exit ${code}): TIME LIMIT reached, losses below are items still queued`,
    );
  const result = await report(setup, seconds);
  await tearDown(setup);
  return result;
}

const phase1 = await inProcess();
const phase2 = await killedHalfway();
console.log(
  `\nSummary: phase 1 duplicates ${phase1.duplicates}, losses ${phase1.losses}; kill -9 phase duplicates ${phase2.duplicates}, losses ${phase2.losses}`,
);
process.exitCode = phase1.duplicates + phase2.duplicates + phase2.losses === 0 ? 0 : 1;
