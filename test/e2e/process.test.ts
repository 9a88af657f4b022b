import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
      proc = startProcess({
        BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        MONGODB_URI: inject('mongoUri'),
        MONGODB_DB: freshDbName('process'),
      });
    });
    afterAll(async () => {
      proc.child.kill('SIGTERM');
      const [code] = await once(proc.child, 'exit');
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
      await user.send('/help');
      expect(user.lastMessage()?.text).toBe(ru('help.text'));
    });
  });
});
