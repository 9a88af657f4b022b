// 360 questionnaire benchmark: N respondents answer at the same time against the real bot.
//   npx tsx bench/survey.ts                 (MONGODB_URI must point at a MongoDB)
// Env: MONGODB_URI (required), BENCH_RESPONDENTS (default 200), BENCH_TIME_LIMIT_S (default 240: figures
// are then for what was answered so far), BENCH_MODE (closed | open, default closed), BENCH_RATE (open:
// taps/s arriving from all respondents together, default 100), BENCH_LOG_LEVEL (the bot's log level,
// default silent; "error" shows why a reply failed).
//   closed  every respondent taps again the instant the reply arrives: the most the bot can take
//           (throughput), and its latency is queueing;
//   open    every respondent thinks before the next tap (exponential, mean N / BENCH_RATE s): taps
//           arrive at about BENCH_RATE/s whatever the bot does, so p50/p99 are latencies under that load;
//           respondents start spread over one mean think time.
// CPU: the bot runs in a process of its own (bench/soak-bot.ts, started with startApp against the fake
// Bot API of test/harness and a fresh database), which reports its process.cpuUsage(); this process
// (the fake Bot API and the simulated users) and the MongoDB process (read from /proc when it runs on
// this machine) are measured apart. BENCH_CPU_PROF=<file> writes a CPU profile of the bot over the
// measured span (bench/profile-layers.ts sums it by layer). BENCH_COUNT_COMMANDS=0 leaves out the
// command counting (the driver's command events and an async context per update cost the bot CPU).
// BENCH_BOT_NODE_FLAGS: Node.js flags for the bot's process.
// Each respondent: /survey → tap the colleague → Continue → 24 answers (taps) → submit → confirm.
//
// Latency: from pushing the tap's update to the fake server receiving the bot's editMessageText of that
// chat's message (seen synchronously through the server's waiter hook). The SimulatedUser action promise
// is not used: it resolves only when the whole server is quiet (no request in flight for 10 ms) after the
// bot's next getUpdates, which under concurrent users measures "everyone is done", not tap → reply.
//
// MongoDB operations: the driver's command monitoring in the bot's process, switched on with
// `monitorCommands=true` in the connection string (the stand-in's serverStatus has no opcounters).
// Updates run concurrently: a command belongs to the update in whose async context it started; the
// outbox worker and the scheduler (their own collections) are counted apart.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { almatyDateOf } from '../src/calendar/index.ts';
import { withDatabase } from '../src/db/connection.ts';
import { createModels, type Models } from '../src/db/models.ts';
import { createCampaign, launchCampaign } from '../src/evaluation/survey360/campaign.ts';
import { writeRoster } from '../src/people/roster/import.ts';
import { type ChatEvent, type ChatMessage, FakeBotApi, type SimulatedUser } from '../test/harness/index.ts';
import { listenerCpuMs } from './process-cpu.ts';
import type { CommandCounts } from './soak-bot.ts';

const MONGODB_URI = process.env.MONGODB_URI;
if (!MONGODB_URI) {
  console.error('MONGODB_URI is not set: run ../shared/mongo-standin/with-mongo.sh npx tsx bench/survey.ts');
  process.exit(2);
}
const N = Number(process.env.BENCH_RESPONDENTS ?? 200);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 240) * 1000;
const MODE = process.env.BENCH_MODE === 'open' ? 'open' : 'closed';
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** Mean think time between a reply and the next tap (open mode). */
const THINK_MS = MODE === 'open' ? (N / RATE) * 1000 : 0;
let stopping = false;
if (!Number.isInteger(N) || N < 3) {
  console.error(
    'BENCH_RESPONDENTS must be an integer >= 3 (the methodology asks for 3 respondents at least)',
  );
  process.exit(2);
}
const ORG = 'bench-akimat';
const METHODOLOGY = 'almaty-city-akimat-2023';
const EXPECTED_QUESTIONS = 24;
/** A bot reply that does not come within this time fails the respondent. */
const STEP_TIMEOUT_MS = 60_000;
const CPU_PROFILE = process.env.BENCH_CPU_PROF;
const COUNT_COMMANDS = process.env.BENCH_COUNT_COMMANDS !== '0';
/** Node.js flags for the bot's process (e.g. "--max-semi-space-size=64"). */
const BOT_NODE_FLAGS = process.env.BENCH_BOT_NODE_FLAGS?.trim();

// ---------------------------------------------------------------- fake server events

interface Seen {
  event: ChatEvent;
  message: ChatMessage;
  /** performance.now() when the server recorded the call (the waiter hook runs synchronously). */
  at: number;
}

interface Wait {
  accept: (seen: Seen) => boolean;
  resolve: (seen: Seen) => void;
}

/**
 * One waiter on the fake server that hands each new chat event to the respondent waiting for it.
 * (A waitUntil per respondent would rescan the whole event log for each of them on every event.)
 */
class ChatEvents {
  private seq = 0;
  private closed = false;
  private readonly waits = new Map<number, Wait>();

  constructor(private readonly api: FakeBotApi) {
    void api
      .waitUntil(
        () => {
          this.pump();
          return this.closed;
        },
        2_000_000_000,
        () => 'event pump',
      )
      .catch(() => undefined);
  }

  /** Resolves with the first event in `chatId` after this call that `accept` takes. */
  next(chatId: number, accept: (seen: Seen) => boolean): Promise<Seen> {
    this.pump();
    return new Promise<Seen>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waits.delete(chatId);
        reject(new Error(`chat ${chatId}: no bot reply within ${STEP_TIMEOUT_MS} ms`));
      }, STEP_TIMEOUT_MS);
      this.waits.set(chatId, {
        accept,
        resolve: (seen) => {
          clearTimeout(timer);
          this.waits.delete(chatId);
          resolve(seen);
        },
      });
    });
  }

  close(): void {
    this.closed = true;
    this.pump();
  }

  private pump(): void {
    const now = performance.now();
    for (const event of this.api.eventsSince(this.seq)) {
      this.seq = event.seq;
      const wait = this.waits.get(event.chatId);
      if (!wait) continue;
      const message = this.api.message(event.chatId, event.messageId);
      if (!message) continue;
      const seen = { event, message, at: now };
      if (wait.accept(seen)) wait.resolve(seen);
    }
  }
}

// ---------------------------------------------------------------- seeding

const pad = (i: number) => String(i).padStart(4, '0');
const respondentName = (i: number) => `Respondent ${pad(i)}`;
const targetName = (t: number) => `Colleague ${pad(t)}`;
const telegramIdOf = (i: number) => 900_000 + i;

/**
 * T = floor(N/4) colleagues are evaluated (each by 4 to 7 respondents, within the methodology's 3..7).
 * The N respondents are appointed in mid-December, so the campaign leaves them out as evaluatees
 * (less than a month in the position) while they can still answer.
 */
async function seed(models: Models, year: number): Promise<{ targetCount: number }> {
  const targetCount = Math.max(1, Math.floor(N / 4));
  const row = (number: string, fullName: string, appointedOn: string, index: number) => ({
    row: index + 2,
    organisationCode: ORG,
    personnelNumber: number,
    fullName,
    position: 'Chief specialist',
    categoryCode: 'E-4',
    unitCode: 'U1',
    isHead: false,
    supervisorNumber: null,
    phone: `+7701${String(index).padStart(7, '0')}`,
    language: 'kk' as const,
    status: 'active' as const,
    appointedOn,
    roles: ['employee' as const],
  });
  const rows = [
    ...Array.from({ length: targetCount }, (_, t) => row(`T${pad(t)}`, targetName(t), '2020-01-01', t)),
    ...Array.from({ length: N }, (_, i) =>
      row(`R${pad(i)}`, respondentName(i), `${year}-12-15`, targetCount + i),
    ),
  ];
  await writeRoster(models, {
    organisations: [{ code: ORG, name: 'Bench akimat', methodologyId: METHODOLOGY }],
    units: [{ organisationCode: ORG, code: 'U1', name: 'Department', parentCode: null }],
    rows,
  });

  const created = await createCampaign(models, { organisationCode: ORG, year, createdBy: 1 });
  if (!created.ok) throw new Error(`createCampaign: ${created.problem}`);
  const { campaignId } = created;
  const employees = await models.Employee.find({ organisationCode: ORG }).lean();
  const byNumber = new Map(employees.map((e) => [e.personnelNumber, e]));
  const targets = await models.SurveyTarget.find({ campaignId, excludedReason: null }).lean();
  const targetByEmployee = new Map(targets.map((t) => [String(t.employeeId), t]));
  const targetIds = Array.from({ length: targetCount }, (_, t) => {
    const target = targetByEmployee.get(String(byNumber.get(`T${pad(t)}`)?._id));
    if (target?.competencySetId !== 'staff')
      throw new Error(`colleague ${t} is not evaluated with the staff competency set`);
    return target._id;
  });
  if (targets.length !== targetCount)
    throw new Error(`expected ${targetCount} evaluatees, the campaign has ${targets.length}`);
  // The proposal asks everyone about everyone nearby: replace it with one questionnaire per respondent.
  await models.SurveyAssignment.deleteMany({ campaignId });
  await models.SurveyAssignment.insertMany(
    Array.from({ length: N }, (_, i) => ({
      campaignId,
      targetId: targetIds[i % targetCount],
      respondentId: byNumber.get(`R${pad(i)}`)!._id,
      relation: 'peer',
    })),
  );
  const launched = await launchCampaign(models, campaignId);
  if (!launched.ok) throw new Error(`launchCampaign: ${launched.problem}`);
  if (launched.respondentIds.length !== N)
    throw new Error(`launch reports ${launched.respondentIds.length} respondents, expected ${N}`);

  // Link each respondent's Telegram account, as onboarding would.
  await models.Employee.bulkWrite(
    Array.from({ length: N }, (_, i) => ({
      updateOne: {
        filter: { personnelNumber: `R${pad(i)}` },
        update: { $set: { telegramId: telegramIdOf(i) } },
      },
    })),
  );
  await models.Account.bulkWrite(
    Array.from({ length: N }, (_, i) => ({
      updateOne: {
        filter: { telegramId: telegramIdOf(i) },
        update: { $set: { employeeId: byNumber.get(`R${pad(i)}`)!._id, language: 'kk' } },
        upsert: true,
      },
    })),
  );
  return { targetCount };
}

// ---------------------------------------------------------------- one respondent

const PROGRESS = /Сұрақ (\d+) \/ (\d+)/;
const INTRO = 'Құрметті респондент!';
const REVIEW = 'Жауаптарыңызды тексеріңіз';
const SUBMITTED = 'Рақмет! Сауалнама жасырын түрде жіберілді.';

/** One answer tap: when it was pushed, and how long its reply took. */
interface Latency {
  pushed: number;
  ms: number;
}

async function respond(
  user: SimulatedUser,
  colleague: string,
  events: ChatEvents,
  latencies: Latency[],
  opened: () => void,
): Promise<void> {
  const chat = user.chatId;
  const sentNew = ({ event }: Seen) => event.kind === 'sent';
  // Open loop: respondents arrive spread over one think time, not all in the first instant.
  if (THINK_MS > 0) await sleep(Math.random() * THINK_MS);
  // /survey → the list with the one colleague.
  let next = events.next(chat, sentNew);
  void user.send('/survey', { wait: false });
  await next;
  // Opening sends the questionnaire as a new message, which is then edited in place.
  next = events.next(chat, sentNew);
  void user.tap(colleague, { wait: false });
  const questionnaire = (await next).message;
  const editOf = (check: (text: string) => boolean) => (seen: Seen) =>
    seen.event.kind === 'edited' &&
    seen.event.messageId === questionnaire.message_id &&
    check(seen.message.text ?? '');
  let text = questionnaire.text ?? '';
  if (text.startsWith(INTRO)) {
    next = events.next(
      chat,
      editOf((t) => PROGRESS.test(t)),
    );
    void user.tap('Жалғастыру ▶', { wait: false });
    text = (await next).message.text ?? '';
  }
  opened();
  for (let k = 1; ; k++) {
    const progress = PROGRESS.exec(text);
    if (!progress) break;
    if (THINK_MS > 0) await sleep(-Math.log(1 - Math.random()) * THINK_MS);
    if (stopping) return;
    if (Number(progress[1]) !== k || Number(progress[2]) !== EXPECTED_QUESTIONS)
      throw new Error(`chat ${chat}: expected question ${k} / ${EXPECTED_QUESTIONS}, got "${progress[0]}"`);
    const points = 1 + ((chat + k) % 5);
    next = events.next(
      chat,
      editOf((t) => t !== text),
    );
    const pushed = performance.now();
    void user.tap(new RegExp(`^(● )?${points} — `), { wait: false });
    const seen = await next;
    latencies.push({ pushed, ms: seen.at - pushed });
    text = seen.message.text ?? '';
  }
  if (!text.startsWith(REVIEW)) throw new Error(`chat ${chat}: expected the review screen, got "${text}"`);
  next = events.next(
    chat,
    editOf((t) => t !== text),
  );
  void user.tap('✅ Жіберу', { wait: false });
  await next;
  next = events.next(
    chat,
    editOf((t) => t === SUBMITTED),
  );
  void user.tap('Иә, жіберу', { wait: false });
  await next;
}

// ---------------------------------------------------------------- run

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const monitoredUri = (() => {
  const url = new URL(MONGODB_URI);
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
})();
const dbName = `bench_survey_${randomUUID().slice(0, 8)}`;
const fake = new FakeBotApi();
const { apiRoot } = await fake.start();
const connection = await mongoose.createConnection(withDatabase(MONGODB_URI, dbName)).asPromise();
const models = await createModels(connection);
const events = new ChatEvents(fake);

interface BotReport {
  cpuMs: number;
  counts?: CommandCounts | null;
}
/** The bot in its own process, started once the database is seeded (its caches start empty). */
async function startBot() {
  const child = fork(fileURLToPath(new URL('./soak-bot.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(BOT_NODE_FLAGS ? BOT_NODE_FLAGS.split(' ') : [])],
    env: {
      ...process.env,
      MONGODB_URI: COUNT_COMMANDS ? monitoredUri : MONGODB_URI,
      BENCH_DB: dbName,
      BENCH_API_ROOT: apiRoot,
      BENCH_COUNT_COMMANDS: COUNT_COMMANDS ? '1' : '0',
      ...(CPU_PROFILE ? { BENCH_CPU_PROF: resolvePath(CPU_PROFILE) } : {}),
    },
  });
  const replies: ((report: BotReport) => void)[] = [];
  child.on('message', (message: BotReport & { ready?: boolean }) => {
    if (!message.ready) replies.shift()?.(message);
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bot process exited (${code}) before it was ready`)));
  });
  const ask = (message: string) =>
    new Promise<BotReport>((resolve) => {
      replies.push(resolve);
      child.send(message);
    });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ask,
    async stop() {
      child.send('stop');
      await Promise.race([exited, sleep(15_000)]);
      child.kill('SIGKILL');
    },
  };
}

let bot: Awaited<ReturnType<typeof startBot>> | null = null;
let exitCode = 1;
try {
  const year = Number(almatyDateOf(new Date()).slice(0, 4));
  const seedStarted = performance.now();
  const { targetCount } = await seed(models, year);
  console.log(
    `\n360 survey: ${N} respondents at once, ${targetCount} colleagues evaluated, ${EXPECTED_QUESTIONS} questions each (${year} campaign)`,
  );
  console.log(
    `  seeded roster + launched campaign in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  bot = await startBot();

  const users = Array.from({ length: N }, (_, i) =>
    fake.user({ id: telegramIdOf(i), firstName: respondentName(i), languageCode: 'kk' }),
  );
  const latencies: Latency[] = [];
  // Once every respondent has opened the questionnaire, only answers arrive: the steady state.
  let openedCount = 0;
  let allOpenedAt = Number.POSITIVE_INFINITY;
  const opened = () => {
    if (++openedCount === N) allOpenedAt = performance.now();
  };
  const failures: string[] = [];
  const dbCpu = listenerCpuMs(Number(new URL(MONGODB_URI).port || 27017));
  const dbCpuAtStart = dbCpu();
  const cpuAtStart = process.cpuUsage();
  const botAtStart = await bot.ask('count-start');
  const started = performance.now();
  const all = Promise.all(
    users.map((user, i) =>
      respond(user, targetName(i % targetCount), events, latencies, opened).catch((error: unknown) => {
        failures.push(String(error instanceof Error ? error.message : error));
      }),
    ),
  );
  let limit: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    all.then(() => true),
    new Promise<boolean>((resolve) => {
      limit = setTimeout(() => resolve(false), TIME_LIMIT_MS);
    }),
  ]);
  clearTimeout(limit);
  stopping = true;
  const seconds = (performance.now() - started) / 1000;
  const botAtEnd = await bot.ask('count-stop');
  const cpu = process.cpuUsage(cpuAtStart);
  const benchCpuMs = (cpu.user + cpu.system) / 1000;
  const botCpuMs = botAtEnd.cpuMs - botAtStart.cpuMs;
  const dbCpuNow = dbCpu();
  const dbCpuMs = dbCpuAtStart !== null && dbCpuNow !== null ? dbCpuNow - dbCpuAtStart : null;
  const counts = botAtEnd.counts ?? null;

  // Submitted questionnaires stay sealed until the campaign closes.
  const stored = await models.SurveySealedResponse.countDocuments({});
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const steady = latencies
    .filter((l) => l.pushed > allOpenedAt)
    .map((l) => l.ms)
    .sort((a, b) => a - b);
  const answers = latencies.length;
  const perAnswer = (n: number) => (answers > 0 ? (n / answers).toFixed(2) : 'n/a');
  const monitored =
    counts !== null && counts.answer + counts.otherUpdates + counts.background + counts.outsideUpdates > 0;
  if (!finished)
    console.log(`  TIME LIMIT (${TIME_LIMIT_MS / 1000} s) reached: figures are for what was answered so far`);
  console.log(
    `  answers: ${answers} (expected ${N * EXPECTED_QUESTIONS}); respondents failed: ${failures.length}`,
  );
  for (const failure of failures.slice(0, 3)) console.log(`    ${failure}`);
  console.log(
    `  wall time: ${seconds.toFixed(1)} s (first /survey to last confirmation) = ${(answers / seconds).toFixed(0)} answers/s`,
  );
  console.log(
    `  tap→reply latency (update pushed → bot's editMessageText received): p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`,
  );
  console.log(
    steady.length > 0
      ? `    once every respondent had opened the questionnaire (${((allOpenedAt - started) / 1000).toFixed(1)} s in; ${steady.length} answers): p50 ${percentile(steady, 50).toFixed(1)} ms, p99 ${percentile(steady, 99).toFixed(1)} ms, max ${(steady.at(-1) ?? Number.NaN).toFixed(1)} ms`
      : '    not every respondent had opened the questionnaire within the window: no steady-state figures',
  );
  if (counts)
    console.log(
      `  updates handled: ${counts.updates} (${(counts.updates / seconds).toFixed(0)}/s, concurrently, one chat's in order)`,
    );
  const perAnswerMs = (ms: number | null) => (ms === null || answers === 0 ? Number.NaN : ms / answers);
  const allCpuMs = botCpuMs + benchCpuMs + (dbCpuMs ?? 0);
  const dbShare = dbCpuMs === null ? Number.NaN : dbCpuMs / (dbCpuMs + botCpuMs);
  console.log(
    `  CPU per answer (with the respondent's other updates: /survey, open, submit): bot ${perAnswerMs(botCpuMs).toFixed(2)} ms; ` +
      `MongoDB ${perAnswerMs(dbCpuMs).toFixed(2)} ms (${(dbShare * 100).toFixed(0)} % of bot + MongoDB); ` +
      `bench side (fake Bot API + simulated users) ${perAnswerMs(benchCpuMs).toFixed(2)} ms`,
  );
  console.log(
    `  cores in use: bot ${(botCpuMs / 1000 / seconds).toFixed(2)}, MongoDB ${((dbCpuMs ?? 0) / 1000 / seconds).toFixed(2)}, bench side ${(benchCpuMs / 1000 / seconds).toFixed(2)}, all ${(allCpuMs / 1000 / seconds).toFixed(2)}`,
  );
  if (monitored && counts) {
    const breakdown = Object.entries(counts.answerByName)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${(n / answers).toFixed(2)}`)
      .join(', ');
    console.log(
      `  MongoDB commands per answer (driver command monitoring in the bot, monitorCommands=true in the URI): ${perAnswer(counts.answer)}`,
    );
    console.log(`    ${breakdown}`);
    console.log(
      `    other updates (/survey, open, continue, submit): ${counts.otherUpdates}; background (outbox, scheduler): ${counts.background}; between updates: ${counts.outsideUpdates}`,
    );
  } else console.log('  MongoDB commands per answer: n/a (no command monitoring events arrived)');
  console.log(`  sealed questionnaires stored: ${stored} (expected ${N})`);
  console.log(
    `BENCH_RESULT ${JSON.stringify({
      bench: 'survey',
      mode: MODE,
      respondents: N,
      rate: MODE === 'open' ? RATE : null,
      seconds,
      answers,
      answersPerSecond: answers / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      steadyP50: percentile(steady, 50),
      steadyP99: percentile(steady, 99),
      steadyAnswers: steady.length,
      commandsPerAnswer: answers > 0 && counts ? counts.answer / answers : null,
      botCpuMsPerAnswer: perAnswerMs(botCpuMs),
      benchCpuMsPerAnswer: perAnswerMs(benchCpuMs),
      dbCpuMsPerAnswer: perAnswerMs(dbCpuMs),
      dbShare,
      failed: failures.length,
      complete: finished,
    })}`,
  );
  // A time limit reached is a shorter measurement, not a failure; a respondent who failed is.
  exitCode = failures.length === 0 && (!finished || stored === N) ? 0 : 1;
} catch (error) {
  console.error('bench failed:', error);
} finally {
  events.close();
  await bot?.stop();
  await connection.dropDatabase();
  await connection.close();
  await fake.stop();
}
// Respondents cut off by the time limit still wait for replies that will not come: exit without them.
process.exit(exitCode);
