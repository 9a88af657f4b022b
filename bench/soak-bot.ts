// The bot of the soak benchmark, in a process of its own so that its memory is the bot's alone
// (the fake Bot API, which keeps every call, stays in the parent). Reports process.memoryUsage()
// after a garbage collection every time the parent asks ("sample"), and stops on "stop".
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const app = await startApp(
  loadConfig({
    BOT_TOKEN: '123456:BENCH-token-abcdefghij',
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DB: process.env.BENCH_DB,
    TELEGRAM_API_ROOT: process.env.BENCH_API_ROOT,
    LOG_LEVEL: 'silent',
    ANSWERS_KEY: randomBytes(32).toString('base64'),
  }),
);
process.send?.({ ready: true });
process.on('message', async (message: string) => {
  if (message === 'sample') {
    collectGarbage();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send?.({ rss: memory.rss, heap: memory.heapUsed, cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (message === 'stop') {
    await app.stop();
    process.exit(0);
  }
});
