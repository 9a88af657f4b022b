import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { withDatabase } from '../../src/db/connection.ts';

const TOKEN = '123456:ABCDEFGHIJKLmnop';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN });
    expect(config).toMatchObject({ DEFAULT_LANGUAGE: 'kk', ADMIN_TELEGRAM_IDS: [], MONGODB_DB: 'bagalau' });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('parses admin ids', () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN, ADMIN_TELEGRAM_IDS: '11, 22;33' }).ADMIN_TELEGRAM_IDS).toEqual([
      11, 22, 33,
    ]);
  });

  it('names each bad variable on its own line', () => {
    let message = '';
    try {
      loadConfig({ ADMIN_TELEGRAM_IDS: 'abc', DEFAULT_LANGUAGE: 'en', MONGODB_URI: 'postgres://x' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.find((line) => line.startsWith('BOT_TOKEN '))).toContain('is required');
    expect(lines.find((line) => line.startsWith('ADMIN_TELEGRAM_IDS '))).toContain(
      'numeric Telegram user ids',
    );
    expect(lines.find((line) => line.startsWith('DEFAULT_LANGUAGE '))).toContain('kk or ru');
    expect(lines.find((line) => line.startsWith('MONGODB_URI '))).toContain('mongodb://');
  });

  it('requires the answers key with a real database, and accepts base64 or hex', () => {
    const uri = 'mongodb://127.0.0.1:27017';
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, MONGODB_URI: uri })).toThrow(/ANSWERS_KEY is required/);
    expect(
      loadConfig({ BOT_TOKEN: TOKEN, MONGODB_URI: uri, ANSWERS_KEY_FILE: '/run/key' }).ANSWERS_KEY_FILE,
    ).toBe('/run/key');
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ BOT_TOKEN: TOKEN, MONGODB_URI: uri, ANSWERS_KEY: base64 }).ANSWERS_KEY).toBe(base64);
    expect(loadConfig({ BOT_TOKEN: TOKEN, ANSWERS_KEY: 'ab'.repeat(32) }).ANSWERS_KEY).toBe('ab'.repeat(32));
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, ANSWERS_KEY: 'short' })).toThrow(
      /ANSWERS_KEY must be 32 bytes/,
    );
  });

  it('rejects a malformed token', () => {
    expect(() => loadConfig({ BOT_TOKEN: 'nope' })).toThrow(/BOT_TOKEN does not look like a bot token/);
  });
});

describe('withDatabase', () => {
  it('adds the database name only when the URI has none', () => {
    expect(withDatabase('mongodb://127.0.0.1:4000/', 'x')).toBe('mongodb://127.0.0.1:4000/x');
    expect(withDatabase('mongodb://127.0.0.1:4000', 'x')).toBe('mongodb://127.0.0.1:4000/x');
    expect(withDatabase('mongodb://h:1/own?w=1', 'x')).toBe('mongodb://h:1/own?w=1');
  });
});
