// A lone outbox worker process for kill.test.ts: it sends until it is SIGKILLed.
import { Api } from 'grammy';
import mongoose from 'mongoose';
import { createOutboxModels, startOutboxWorker } from '../../../src/notifications/outbox/index.ts';

const { OUTBOX_TEST_URI, OUTBOX_TEST_API_ROOT } = process.env;
if (!OUTBOX_TEST_URI || !OUTBOX_TEST_API_ROOT) throw new Error('started by kill.test.ts only');
const connection = await mongoose.createConnection(OUTBOX_TEST_URI).asPromise();
startOutboxWorker({
  models: createOutboxModels(connection),
  api: new Api('123456:TEST-token-abcdefghijkl', { apiRoot: OUTBOX_TEST_API_ROOT }),
  instanceId: 'doomed',
  ceilingPerSecond: 100,
  batchSize: 12,
  pollIntervalMs: 10,
  leaseMs: 10_000,
  sendTimeoutMs: 5_000,
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});
process.stdout.write('started\n');
