import { Api } from 'grammy';
import type mongoose from 'mongoose';
import {
  createOutboxModels,
  initOutboxModels,
  type OutboxModels,
  type OutboxWorker,
  type OutboxWorkerOptions,
  startOutboxWorker,
} from '../../../src/notifications/outbox/index.ts';
import { FakeBotApi } from '../../harness/index.ts';
import { connectTestDb, freshDbName, TEST_TOKEN } from '../../support/test-app.ts';

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Short intervals so the tests run in well under a second each (besides a real retry_after). */
export const FAST: Partial<OutboxWorkerOptions> = {
  ceilingPerSecond: 500,
  perChatIntervalMs: 20,
  pollIntervalMs: 10,
  reconcileIntervalMs: 20,
  unknownGraceMs: 20,
  leaseMs: 10_000,
  sendTimeoutMs: 5_000,
  backoffBaseMs: 10,
  logger: silentLogger,
};

export interface OutboxFixture {
  fake: FakeBotApi;
  api: Api;
  dbName: string;
  connection: mongoose.Connection;
  models: OutboxModels;
  workers: OutboxWorker[];
  startWorker(options?: Partial<OutboxWorkerOptions>): OutboxWorker;
  close(): Promise<void>;
}

export async function outboxFixture(): Promise<OutboxFixture> {
  const fake = new FakeBotApi();
  const { apiRoot } = await fake.start();
  const api = new Api(TEST_TOKEN, { apiRoot });
  const dbName = freshDbName('outbox');
  const connection = await connectTestDb(dbName);
  const models = createOutboxModels(connection);
  await initOutboxModels(models);
  const workers: OutboxWorker[] = [];
  return {
    fake,
    api,
    dbName,
    connection,
    models,
    workers,
    startWorker(options = {}) {
      const worker = startOutboxWorker({
        models,
        api,
        instanceId: `test-${workers.length}`,
        ...FAST,
        ...options,
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await connection.dropDatabase();
      await connection.close();
      await fake.stop();
    },
  };
}

/** The outbox item id carried by a recorded call's keyboard (`ob:<id>`), if any. */
export function itemIdOf(params: Record<string, unknown>): string | undefined {
  const markup =
    typeof params.reply_markup === 'string' ? JSON.parse(params.reply_markup) : params.reply_markup;
  for (const row of (markup as { inline_keyboard?: { callback_data?: string }[][] })?.inline_keyboard ?? []) {
    for (const button of row) {
      const match = /^ob:([0-9a-f]{24})/.exec(button.callback_data ?? '');
      if (match) return match[1];
    }
  }
  return undefined;
}

/** Successful sends per outbox item id, as the fake server saw them. */
export function successfulSends(fake: FakeBotApi, method = 'sendMessage'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsOf(method)) {
    if (!call.response.ok) continue;
    const id = itemIdOf(call.params);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
