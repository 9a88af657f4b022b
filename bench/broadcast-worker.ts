// Child process of bench/broadcast.ts: one outbox worker instance that drains the outbox and exits.
// The parent kills it with SIGKILL halfway through to prove that a crash loses and duplicates nothing.
import { Api } from 'grammy';
import mongoose from 'mongoose';
import {
  createOutboxModels,
  initOutboxModels,
  startOutboxWorker,
} from '../src/notifications/outbox/index.ts';
import { workerTuning } from './broadcast-tuning.ts';

const { MONGODB_URI, BENCH_DB, BENCH_API_ROOT, BENCH_RATE, BENCH_INSTANCE } = process.env;
if (!MONGODB_URI || !BENCH_DB || !BENCH_API_ROOT || !BENCH_RATE)
  throw new Error('started by bench/broadcast.ts only');

const connection = await mongoose
  .createConnection(`${MONGODB_URI.replace(/\/?$/, '/')}${BENCH_DB}`)
  .asPromise();
const models = createOutboxModels(connection);
await initOutboxModels(models);
const worker = startOutboxWorker({
  models,
  api: new Api('123456:BENCH-token', { apiRoot: BENCH_API_ROOT }),
  instanceId: BENCH_INSTANCE ?? `bench-${process.pid}`,
  ...workerTuning(Number(BENCH_RATE)),
});
await worker.drain();
await worker.stop();
process.stdout.write(`${JSON.stringify(worker.stats())}\n`);
await connection.close();
