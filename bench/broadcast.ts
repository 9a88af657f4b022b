// Broadcast benchmark for the notification outbox.
//   npx tsx bench/broadcast.ts            (MONGODB_URI must point at a MongoDB)
// Env: BENCH_CEILINGS (default "30,1000": the fake Bot API's overall limit in msg/s, 1/s per chat),
// BENCH_SECONDS (default 30 at 30 msg/s, 20 above: the broadcast is ceiling x seconds notices, one per chat),
// BENCH_PHASES (default "steady,kill,two"), BENCH_SEED (the kill point's random seed; default random),
// BENCH_TIME_LIMIT_S (per phase, default 120), BENCH_CPU_PROF (a directory: the workers write CPU profiles).
// Every phase runs the worker(s) in child processes (bench/broadcast-worker.ts) against one fake Bot API:
//   steady  one instance sends the broadcast;
//   kill    one instance is SIGKILLed at a random moment inside a batch (between 25 % and 60 % of the
//           sends), a new one is started at once and drains the rest;
//   two     two instances, each with half of the ceiling, share the broadcast.
// It prints per phase: msg/s and the ratio to the ceiling, 429 answers, duplicates, losses, probes, and for
// the kill phase the state the kill left and how fast the backlog drained after the restart; where the
// time goes: CPU ms per message of the worker process(es), of this process (the fake Bot API) and of the
// database when it runs on this machine (read from /proc), and the worker's MongoDB commands per message
// by name (command monitoring; a bulk write is one command however many statements it carries).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import mongoose from 'mongoose';
import {
  createOutboxModels,
  type EnqueueInput,
  enqueueMany,
  initOutboxModels,
  type OutboxModels,
} from '../src/notifications/outbox/index.ts';
import { FakeBotApi } from '../test/harness/index.ts';
import { listenerCpuMs, ownCpuMs } from './process-cpu.ts';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI) {
  console.error('MONGODB_URI is not set: point it at a MongoDB (e.g. mongodb://127.0.0.1:27017/)');
  process.exit(2);
}
const CEILINGS = (process.env.BENCH_CEILINGS ?? '30,1000').split(',').map(Number);
const PHASES = (process.env.BENCH_PHASES ?? 'steady,kill,two').split(',');
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 120) * 1000;
const baseUri = MONGODB_URI.replace(/\/?$/, '/');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** The database's CPU time, when it runs on this machine (null otherwise). */
const databaseCpuMs = listenerCpuMs(Number(new URL(MONGODB_URI).port || 27017));

/** A small seeded generator, so that a run's kill point can be repeated (BENCH_SEED). */
const seed = Number(process.env.BENCH_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = seed;
const random = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};

interface Setup {
  ceiling: number;
  n: number;
  fake: FakeBotApi;
  apiRoot: string;
  dbName: string;
  connection: mongoose.Connection;
  models: OutboxModels;
  /** Successful sends per notice index, and their arrival times, read incrementally from the fake's log. */
  sends: Map<number, number>;
  okTimes: number[];
  seen: number;
  /** CPU time (ms) of this process (the fake Bot API) and of the database when the phase started. */
  cpuAtStart: { bench: number; database: number | null };
}

async function setUp(ceiling: number, label: string): Promise<Setup> {
  const seconds = Number(process.env.BENCH_SECONDS ?? (ceiling <= 100 ? 30 : 20));
  const n = Math.round(ceiling * seconds);
  const fake = new FakeBotApi();
  const { apiRoot } = await fake.start();
  fake.rateLimit({ globalPerSecond: ceiling, perChatPerSecond: 1 });
  const dbName = `bench_broadcast_${label}_${randomUUID().slice(0, 8)}`;
  const connection = await mongoose.createConnection(`${baseUri}${dbName}`).asPromise();
  const models = createOutboxModels(connection);
  await initOutboxModels(models);
  const started = performance.now();
  for (let from = 0; from < n; from += 1000) {
    const notices: EnqueueInput[] = [];
    for (let i = from; i < Math.min(n, from + 1000); i++) {
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
  const enqueueS = (performance.now() - started) / 1000;
  console.log(`  enqueued ${n} notices to ${n} chats in ${enqueueS.toFixed(1)} s (enqueueMany, unordered)`);
  // The fake Bot API runs in this process: collect the enqueueing's garbage now, not during the broadcast.
  collectGarbage();
  await sleep(200);
  const cpuAtStart = { bench: ownCpuMs(), database: databaseCpuMs() };
  return {
    ceiling,
    n,
    fake,
    apiRoot,
    dbName,
    connection,
    models,
    sends: new Map(),
    okTimes: [],
    seen: 0,
    cpuAtStart,
  };
}

/** Reads the calls the fake recorded since the last look. */
function catchUp(setup: Setup): void {
  const calls = setup.fake.calls;
  for (; setup.seen < calls.length; setup.seen++) {
    const call = calls[setup.seen]!;
    if (call.method !== 'sendMessage' || !call.response.ok) continue;
    const index = Number(String(call.params.text).slice('Result '.length));
    setup.sends.set(index, (setup.sends.get(index) ?? 0) + 1);
    setup.okTimes.push(call.at);
  }
}

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  stats?: Record<string, number>;
  settings?: Record<string, number>;
  /** The worker process's CPU time and MongoDB commands by name (absent when it was killed). */
  cpuMs?: number;
  commands?: Record<string, number>;
}

function startChild(setup: Setup, instance: string, ceiling: number): Child {
  const entry = fileURLToPath(new URL('./broadcast-worker.ts', import.meta.url));
  // BENCH_CPU_PROF=<dir>: each worker writes a V8 CPU profile there when it exits normally.
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
    env: {
      ...process.env,
      BENCH_DB: setup.dbName,
      BENCH_API_ROOT: setup.apiRoot,
      BENCH_CEILING: String(ceiling),
      BENCH_INSTANCE: instance,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const handle: Child = {
    process: child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      if (line.stats) handle.stats = line.stats;
      if (line.settings) handle.settings = line.settings;
      if (line.cpuMs !== undefined) handle.cpuMs = line.cpuMs;
      if (line.commands) handle.commands = line.commands;
    }
  });
  return handle;
}

/** Waits for the children to drain the outbox (or the time limit: then they are stopped). */
async function finish(children: Child[]): Promise<boolean> {
  const limit = sleep(TIME_LIMIT_MS).then(() => false);
  const done = await Promise.race([Promise.all(children.map((c) => c.exited)).then(() => true), limit]);
  if (!done) for (const child of children) child.process.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
  return done;
}

interface Figures {
  phase: string;
  ceiling: number;
  n: number;
  rate: number;
  ratio: number;
  tooMany: number;
  duplicates: number;
  losses: number;
  probes: number;
  /** CPU ms per message sent: the worker process(es), this process (the fake Bot API), the database. */
  cpu: { worker: number; fake: number; database: number | null; coresInUse: number };
  /** MongoDB commands per message sent (the workers that exited normally). */
  commandsPerMessage: number;
  note: string;
}

/**
 * Where the time goes: CPU per message of the worker(s), the fake Bot API and the database over the phase
 * (from enqueueing done to drained), and the worker's MongoDB commands per message, by name.
 */
function cost(setup: Setup, children: Child[], wallMs: number): Pick<Figures, 'cpu' | 'commandsPerMessage'> {
  const sent = setup.okTimes.length;
  const worker = children.reduce((sum, c) => sum + (c.cpuMs ?? 0), 0);
  const fake = ownCpuMs() - setup.cpuAtStart.bench;
  const dbNow = databaseCpuMs();
  const database =
    dbNow !== null && setup.cpuAtStart.database !== null ? dbNow - setup.cpuAtStart.database : null;
  const commands: Record<string, number> = {};
  for (const child of children)
    for (const [name, count] of Object.entries(child.commands ?? {}))
      commands[name] = (commands[name] ?? 0) + count;
  const counted = children.filter((c) => c.commands).length;
  const total = Object.values(commands).reduce((a, b) => a + b, 0);
  const perMessage = (ms: number) => ms / sent;
  const coresInUse = (worker + fake + (database ?? 0)) / wallMs;
  const top = Object.entries(commands)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, count]) => `${name} ${(count / sent).toFixed(3)}`)
    .join(', ');
  console.log(
    `  CPU per message: worker ${perMessage(worker).toFixed(3)} ms${counted < children.length ? ' (killed worker not counted)' : ''}, ` +
      `fake Bot API + bench ${perMessage(fake).toFixed(3)} ms, database ${database === null ? 'n/a' : `${perMessage(database).toFixed(3)} ms`}; ` +
      `${coresInUse.toFixed(2)} cores in use over ${(wallMs / 1000).toFixed(1)} s`,
  );
  console.log(`  MongoDB commands per message: ${(total / sent).toFixed(3)} (${top})`);
  return {
    cpu: {
      worker: perMessage(worker),
      fake: perMessage(fake),
      database: database === null ? null : perMessage(database),
      coresInUse,
    },
    commandsPerMessage: total / sent,
  };
}

async function figures(
  setup: Setup,
  phase: string,
  fromMs: number,
  note: string,
  spent: Pick<Figures, 'cpu' | 'commandsPerMessage'>,
): Promise<Figures> {
  catchUp(setup);
  const times = setup.okTimes.filter((t) => t >= fromMs);
  const seconds = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : Number.NaN;
  const rate = (times.length - 1) / seconds;
  const duplicates = [...setup.sends.values()].filter((count) => count > 1).length;
  const notSent = await setup.models.OutboxItem.countDocuments({ state: { $ne: 'sent' } });
  const losses = Math.max(setup.n - setup.sends.size, notSent);
  const probes = setup.fake.callsOf('editMessageReplyMarkup').length;
  const tooMany = setup.fake.stats().tooManyRequests;
  console.log(
    `  ${times.length} messages from the first to the last in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} msg/s, ` +
      `${((rate / setup.ceiling) * 100).toFixed(1)} % of the ${setup.ceiling} msg/s ceiling`,
  );
  console.log(
    `  429 answers ${tooMany}; duplicates ${duplicates}; losses ${losses} (items not 'sent': ${notSent}); probes ${probes}`,
  );
  return {
    phase,
    ceiling: setup.ceiling,
    n: setup.n,
    rate,
    ratio: rate / setup.ceiling,
    tooMany,
    duplicates,
    losses,
    probes,
    ...spent,
    note,
  };
}

/** Messages per second over the run, and the 429s' times (BENCH_TIMELINE=1). */
function printTimeline(setup: Setup): void {
  const t0 = setup.okTimes[0] ?? 0;
  const perSecond: number[] = [];
  for (const t of setup.okTimes) {
    const s = Math.floor((t - t0) / 1000);
    perSecond[s] = (perSecond[s] ?? 0) + 1;
  }
  console.log(`  per second: ${[...perSecond].map((n) => n ?? 0).join(' ')}`);
  const first: number[] = new Array(20).fill(0);
  for (const t of setup.okTimes) if (t - t0 < 2000) first[Math.floor((t - t0) / 100)]!++;
  console.log(`  first 2 s per 100 ms: ${first.join(' ')}`);
  const limited = setup.fake.calls
    .filter((c) => !c.response.ok && c.response.error_code === 429)
    .map((c) => `${((c.at - t0) / 1000).toFixed(2)}:${c.method}:${c.params.chat_id}`);
  console.log(`  429 at: ${limited.join(' ')}`);
  const probes: number[] = [];
  for (const c of setup.fake.callsOf('editMessageReplyMarkup')) {
    const s = Math.floor((c.at - t0) / 1000);
    probes[s] = (probes[s] ?? 0) + 1;
  }
  console.log(`  probes per second: ${[...probes].map((n) => n ?? 0).join(' ')}`);
}

async function tearDown(setup: Setup): Promise<void> {
  await setup.connection.dropDatabase();
  await setup.connection.close();
  await setup.fake.stop();
}

async function steady(ceiling: number): Promise<Figures> {
  console.log(`\n[${ceiling} msg/s] steady: one instance`);
  const setup = await setUp(ceiling, 'steady');
  const wallFrom = performance.now();
  const child = startChild(setup, 'one', ceiling);
  const poll = setInterval(() => catchUp(setup), 50);
  const drained = await finish([child]);
  clearInterval(poll);
  const s = child.settings;
  const note = `batch ${s?.batchSize}, ${s?.pipelines} pipelines, chunk ${s?.chunkSize}, rate ${s?.ratePerSecond?.toFixed(1)}/s${drained ? '' : ', TIME LIMIT'}`;
  const spent = cost(setup, [child], performance.now() - wallFrom);
  const result = await figures(setup, 'steady', 0, note, spent);
  console.log(`  ${note}; worker: ${JSON.stringify(child.stats ?? {})}`);
  if (process.env.BENCH_TIMELINE) printTimeline(setup);
  await tearDown(setup);
  return result;
}

async function killed(ceiling: number): Promise<Figures> {
  console.log(`\n[${ceiling} msg/s] kill: SIGKILL at a random point, restart at once`);
  const setup = await setUp(ceiling, 'kill');
  const wallFrom = performance.now();
  const killAt = Math.floor((0.25 + random() * 0.35) * setup.n);
  const first = startChild(setup, 'first', ceiling);
  let firstExited = false;
  void first.exited.then(() => {
    firstExited = true;
  });
  const deadline = Date.now() + TIME_LIMIT_MS;
  // Poll the fake's log every millisecond: the kill lands while requests are in flight, mid-batch.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      catchUp(setup);
      if (setup.sends.size >= killAt || firstExited || Date.now() > deadline) {
        clearInterval(timer);
        first.process.kill('SIGKILL');
        resolve();
      }
    }, 1);
  });
  await first.exited;
  const restartAt = Date.now();
  const second = startChild(setup, 'second', ceiling);
  catchUp(setup);
  const sentAtKill = setup.sends.size;
  const left = await setup.models.OutboxItem.aggregate<{ _id: string; n: number }>([
    { $match: { state: { $in: ['sending', 'unknown'] } } },
    {
      $group: {
        _id: { $cond: [{ $eq: ['$startedAt', null] }, 'claimed, not started', 'started'] },
        n: { $sum: 1 },
      },
    },
  ]);
  const leftText = left.map((g) => `${g.n} ${g._id}`).join(', ') || 'none';
  console.log(
    `  killed after ${sentAtKill} messages; in flight at the kill (claimed by the dead worker): ${leftText}; backlog ${setup.n - sentAtKill}`,
  );
  const poll = setInterval(() => catchUp(setup), 50);
  const drained = await finish([second]);
  clearInterval(poll);
  catchUp(setup);
  // After the restart: how soon a whole second ran at >= 90 % of the ceiling, and the backlog's drain rate.
  const after = setup.okTimes.filter((t) => t >= restartAt);
  const firstSend = after[0] ?? Number.NaN;
  const lastSend = after.at(-1) ?? Number.NaN;
  let reachedS = Number.NaN;
  for (let i = 0, j = 0; i < after.length; i++) {
    while (after[j]! < after[i]! - 1000) j++;
    if (i - j + 1 >= 0.9 * ceiling) {
      reachedS = (after[i]! - restartAt) / 1000;
      break;
    }
  }
  const backlog = setup.n - sentAtKill;
  const drainS = (lastSend - restartAt) / 1000;
  const fromFirstS = (lastSend - firstSend) / 1000;
  console.log(
    `  restart: first message ${((firstSend - restartAt) / 1000).toFixed(2)} s after the restart (process start included); ` +
      `a full second at >= 90 % of the ceiling ${reachedS.toFixed(2)} s after it`,
  );
  console.log(
    `  backlog of ${backlog} drained ${drainS.toFixed(2)} s after the restart: ${(backlog / drainS).toFixed(1)} msg/s = ${((backlog / drainS / ceiling) * 100).toFixed(1)} % ` +
      `(${((backlog / fromFirstS / ceiling) * 100).toFixed(1)} % from its first message)`,
  );
  console.log(`  restarted worker: ${JSON.stringify(second.stats ?? {})}`);
  const note = `kill after ${sentAtKill}: ${leftText}; >=90 % after ${reachedS.toFixed(1)} s; backlog ${((backlog / drainS / ceiling) * 100).toFixed(0)} % of ceiling${drained ? '' : ', TIME LIMIT'}`;
  const spent = cost(setup, [first, second], performance.now() - wallFrom);
  const result = await figures(setup, 'kill', restartAt, note, spent);
  if (process.env.BENCH_TIMELINE) printTimeline(setup);
  await tearDown(setup);
  return result;
}

async function twoInstances(ceiling: number): Promise<Figures> {
  console.log(`\n[${ceiling} msg/s] two instances, ${ceiling / 2} msg/s each`);
  const setup = await setUp(ceiling, 'two');
  const wallFrom = performance.now();
  const children = [startChild(setup, 'a', ceiling / 2), startChild(setup, 'b', ceiling / 2)];
  const poll = setInterval(() => catchUp(setup), 50);
  const drained = await finish(children);
  clearInterval(poll);
  const shares = children.map((c) => c.stats?.sent ?? 0);
  const note = `shares ${shares.join(' + ')}${drained ? '' : ', TIME LIMIT'}`;
  console.log(`  sent by a: ${shares[0]}, by b: ${shares[1]}`);
  const spent = cost(setup, children, performance.now() - wallFrom);
  const result = await figures(setup, 'two', 0, note, spent);
  await tearDown(setup);
  return result;
}

console.log(
  `bench/broadcast.ts: ceilings ${CEILINGS.join(', ')} msg/s; phases ${PHASES.join(', ')}; seed ${seed}`,
);
const results: Figures[] = [];
for (const ceiling of CEILINGS) {
  if (PHASES.includes('steady')) results.push(await steady(ceiling));
  if (PHASES.includes('kill')) results.push(await killed(ceiling));
  if (PHASES.includes('two')) results.push(await twoInstances(ceiling));
}

console.log('\nSummary (msg/s from the first to the last message; kill: after the restart)');
console.log(
  'ceiling | phase  | notices | msg/s  | ratio  | 429s | dup | lost | probes | cmds/msg | CPU ms/msg worker/fake/db | notes',
);
for (const r of results) {
  console.log(
    [
      String(r.ceiling).padStart(7),
      r.phase.padEnd(6),
      String(r.n).padStart(7),
      r.rate.toFixed(1).padStart(6),
      `${(r.ratio * 100).toFixed(1)} %`.padStart(6),
      String(r.tooMany).padStart(4),
      String(r.duplicates).padStart(3),
      String(r.losses).padStart(4),
      String(r.probes).padStart(6),
      r.commandsPerMessage.toFixed(2).padStart(8),
      [r.cpu.worker, r.cpu.fake, r.cpu.database ?? Number.NaN].map((ms) => ms.toFixed(2)).join(' / '),
      r.note,
    ].join(' | '),
  );
}
for (const r of results)
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'broadcast', ...r, ratio: r.ratio, note: r.note })}`);
const bad = results.some((r) => r.duplicates > 0 || r.losses > 0);
process.exitCode = bad ? 1 : 0;
