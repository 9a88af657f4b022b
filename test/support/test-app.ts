import { createHash, randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { withDatabase } from '../../src/db/connection.ts';

export const TEST_TOKEN = '123456:TEST-token-abcdefghijkl';

/** A fresh database name per test file or test, so parallel files never see each other's data. */
export function freshDbName(prefix = 'test'): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

export interface TestAppOptions {
  apiRoot: string;
  dbName: string;
  adminIds?: number[];
  now?: () => Date;
  /** pino level; tests that read the log lines raise it (default: BAGALAU_TEST_LOG_LEVEL, else silent). */
  logLevel?: string;
  /** Another way to the test MongoDB (e.g. a proxy that can cut it off); default the test MongoDB itself. */
  mongoUri?: string;
  /** More configuration, as the environment would give it (e.g. WEBAPP_URL). */
  env?: Record<string, string>;
}

/** The answers key of a test database: stable across restarts of one world, different per database. */
export const testAnswersKey = (dbName: string) => createHash('sha256').update(dbName).digest('base64');

/** Starts the bot exactly as `npm start` does (startApp), pointed at the fake Bot API and the test MongoDB. */
export async function startTestApp(options: TestAppOptions): Promise<RunningApp> {
  const config = loadConfig({
    BOT_TOKEN: TEST_TOKEN,
    MONGODB_URI: options.mongoUri ?? inject('mongoUri'),
    MONGODB_DB: options.dbName,
    TELEGRAM_API_ROOT: options.apiRoot,
    ADMIN_TELEGRAM_IDS: (options.adminIds ?? []).join(','),
    LOG_LEVEL: options.logLevel ?? process.env.BAGALAU_TEST_LOG_LEVEL ?? 'silent',
    ANSWERS_KEY: testAnswersKey(options.dbName),
    ...options.env,
  });
  return startApp(config, { now: options.now });
}

/** A direct connection for arranging data and inspecting the database in tests. */
export async function connectTestDb(dbName: string): Promise<mongoose.Connection> {
  return mongoose.createConnection(withDatabase(inject('mongoUri'), dbName)).asPromise();
}
