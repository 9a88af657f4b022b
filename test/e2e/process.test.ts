import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { FakeBotApi } from '../harness/index.ts';
import { ru } from '../support/i18n.ts';
import { freshDbName, TEST_TOKEN } from '../support/test-app.ts';

/** Runs `npm start`'s command (tsx src/main.ts) as a real process. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent/.env', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  return { child, stderr: () => stderr, output: () => stdout + stderr };
}

const botEnv = (apiRoot: string) => ({
  BOT_TOKEN: TEST_TOKEN,
  TELEGRAM_API_ROOT: apiRoot,
  MONGODB_URI: inject('mongoUri'),
  MONGODB_DB: freshDbName('process'),
  ANSWERS_KEY: randomBytes(32).toString('base64'),
});

/** The exit code, or a failure if the process is still alive after `withinMs` (then it is killed). */
async function exitCode(child: ChildProcess, withinMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  if (signal === 'SIGKILL') throw new Error(`still running ${withinMs} ms after SIGTERM`);
  return code;
}

/**
 * A TCP port that accepts connections and never answers (Telegram unreachable behind a proxy), or
 * with `reset` drops every connection at once (Telegram down: each request fails with a network error).
 */
async function unreachableTelegram(
  mode: 'silent' | 'reset',
): Promise<{ root: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.on('error', () => undefined);
    if (mode === 'reset') socket.resetAndDestroy();
    else sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    root: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const STOP_BOUND_MS = 10_000;

describe('npm start', () => {
  it('without BOT_TOKEN exits with one clear line', async () => {
    const { child, stderr } = startProcess({});
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr().trim().split('\n')).toEqual([
      'Configuration error: BOT_TOKEN is required: set it to the token @BotFather gave you (in .env or the environment)',
    ]);
  });

  describe('with BOT_TOKEN and TELEGRAM_API_ROOT', () => {
    const api = new FakeBotApi();
    let proc: ReturnType<typeof startProcess>;

    beforeAll(async () => {
      const { apiRoot } = await api.start();
      proc = startProcess(botEnv(apiRoot));
    });
    afterAll(async () => {
      proc.child.kill('SIGTERM');
      const code = await exitCode(proc.child, STOP_BOUND_MS);
      await api.stop();
      expect(code).toBe(0);
    });

    it('serves users, and stops cleanly on SIGTERM', async () => {
      const user = api.user({ id: 42, firstName: 'Asel', languageCode: 'ru' });
      await api.waitUntil(
        () => proc.output().includes('bot is polling for updates') || undefined,
        20_000,
        () => `bot did not start polling: ${proc.output()}`,
      );
      // Another process: the harness cannot see when it finished an update, so wait for the reply.
      await user.send('/help', { wait: false });
      const reply = await user.waitForReply({ timeoutMs: 10_000 });
      expect(reply.text).toBe(ru('help.text'));
    });
  });

  describe('with Telegram unreachable', () => {
    let proc: ReturnType<typeof startProcess> | undefined;
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      if (proc && proc.child.exitCode === null) proc.child.kill('SIGKILL');
      for (const close of cleanup.splice(0)) await close();
    });

    it('exits within 10 s of SIGTERM while an update waits on a Telegram that stopped answering', async () => {
      const api = new FakeBotApi();
      const { apiRoot } = await api.start();
      cleanup.push(() => api.stop());
      proc = startProcess(botEnv(apiRoot));
      const running = proc;
      await api.waitUntil(
        () => running.output().includes('bot is polling for updates') || undefined,
        20_000,
        () => `bot did not start polling: ${running.output()}`,
      );
      // The reply to /help hangs in flight; then Telegram stops answering anything at all.
      api.stopAnswering({ methods: ['sendMessage'] });
      const user = api.user({ id: 43, firstName: 'Bota', languageCode: 'kk' });
      await user.send('/help', { wait: false });
      await api.waitUntil(
        () => api.requestsInFlight > 0 || undefined,
        10_000,
        () => `the bot never tried to reply: ${running.output()}`,
      );
      api.stopAnswering();
      proc.child.kill('SIGTERM');
      expect(await exitCode(proc.child, STOP_BOUND_MS)).toBe(0);
      expect(proc.output()).toContain('stopped with updates still in flight');
    });

    it('exits within 10 s of SIGTERM while start-up waits for a Telegram that never answers', async () => {
      const silent = await unreachableTelegram('silent');
      cleanup.push(silent.close);
      proc = startProcess(botEnv(silent.root));
      const starting = proc;
      // Start-up has connected to the database and now waits for Telegram's answer to getMe.
      const waiter = new FakeBotApi();
      await waiter.waitUntil(
        () => silent.connections() > 0 || undefined,
        20_000,
        () => `the bot never called Telegram: ${starting.output()}`,
      );
      expect(starting.output()).not.toContain('bot is polling for updates');
      proc.child.kill('SIGTERM');
      expect(await exitCode(proc.child, STOP_BOUND_MS)).toBe(0);
      expect(proc.output()).toContain('shutting down');
    });

    it('exits within 10 s of SIGTERM while start-up keeps retrying a Telegram that drops every connection', async () => {
      const down = await unreachableTelegram('reset');
      cleanup.push(down.close);
      proc = startProcess(botEnv(down.root));
      const starting = proc;
      const waiter = new FakeBotApi();
      await waiter.waitUntil(
        () => down.connections() >= 2 || undefined,
        20_000,
        () => `the bot did not retry Telegram: ${starting.output()}`,
      );
      proc.child.kill('SIGTERM');
      expect(await exitCode(proc.child, STOP_BOUND_MS)).toBe(0);
      expect(proc.output()).toContain('shutting down');
    });
  });
});
