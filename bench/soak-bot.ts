// The bot of the soak and survey benchmarks, in a process of its own so that its memory and CPU are
// the bot's alone (the fake Bot API, which keeps every call, and the simulated users stay in the
// parent). Reports process.memoryUsage() after a garbage collection and its CPU time every time the
// parent asks ("sample"), and stops on "stop". With BENCH_COUNT_COMMANDS=1 (the MongoDB URI carrying
// monitorCommands=true) it also counts the MongoDB commands of the updates between "count-start" and
// "count-stop", and reports them with its CPU time; with BENCH_CPU_PROF=<file> it takes a CPU profile
// of the same span (V8's sampling profiler, as node --cpu-prof) and writes it there.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type RunningApp, startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const app = await startApp(
  loadConfig({
    BOT_TOKEN: '123456:BENCH-token-abcdefghij',
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DB: process.env.BENCH_DB,
    TELEGRAM_API_ROOT: process.env.BENCH_API_ROOT,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    ANSWERS_KEY: randomBytes(32).toString('base64'),
  }),
);

/** Collections of background work (outbox worker, daily job scheduler), not of handling updates. */
const BACKGROUND = new Set(['outboxitems', 'outboxchats', 'leases', 'jobruns', 'tasks']);

export interface CommandCounts {
  /** Commands of questionnaire answer taps, and the same by `command:collection`. */
  answer: number;
  answerByName: Record<string, number>;
  otherUpdates: number;
  background: number;
  outsideUpdates: number;
  updates: number;
}

function countCommands(running: RunningApp) {
  const zero = (): CommandCounts => ({
    answer: 0,
    answerByName: {},
    otherUpdates: 0,
    background: 0,
    outsideUpdates: 0,
    updates: 0,
  });
  let counts = zero();
  let enabled = false;
  // Updates run concurrently: each one's commands are told apart by its async context.
  const handling = new AsyncLocalStorage<'answer' | 'other'>();
  const bot = running.bot;
  const handleUpdate = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, envelope) => {
    if (enabled) counts.updates++;
    const kind = update.callback_query?.data?.startsWith('s3:a:') ? 'answer' : 'other';
    return handling.run(kind, () => handleUpdate(update, envelope));
  };
  running.services.models.Account.db.getClient().on('commandStarted', (event) => {
    if (!enabled) return;
    const collection = String((event.command as Record<string, unknown>)[event.commandName] ?? '');
    const kind = handling.getStore() ?? null;
    if (BACKGROUND.has(collection)) counts.background++;
    else if (kind === 'answer') {
      counts.answer++;
      const name = `${event.commandName}:${collection}`;
      counts.answerByName[name] = (counts.answerByName[name] ?? 0) + 1;
    } else if (kind === 'other') counts.otherUpdates++;
    else counts.outsideUpdates++;
  });
  return {
    start() {
      counts = zero();
      enabled = true;
    },
    stop(): CommandCounts {
      enabled = false;
      return counts;
    },
  };
}

const counting = process.env.BENCH_COUNT_COMMANDS === '1' ? countCommands(app) : null;
const profileFile = process.env.BENCH_CPU_PROF;
const profiler = profileFile ? new Session() : null;
profiler?.connect();
const cpuMs = () => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
};
process.send?.({ ready: true });
process.on('message', async (message: string) => {
  if (message === 'sample') {
    collectGarbage();
    const memory = process.memoryUsage();
    process.send?.({ rss: memory.rss, heap: memory.heapUsed, cpuMs: cpuMs() });
  } else if (message === 'count-start') {
    counting?.start();
    if (profiler) {
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    process.send?.({ cpuMs: cpuMs() });
  } else if (message === 'count-stop') {
    const counts = counting?.stop() ?? null;
    const at = cpuMs();
    if (profiler && profileFile) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
    }
    process.send?.({ cpuMs: at, counts });
  } else if (message === 'stop') {
    await app.stop();
    process.exit(0);
  }
});
