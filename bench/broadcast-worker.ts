// Child process of bench/broadcast.ts: one outbox worker instance that drains the outbox and exits.
// The parent SIGKILLs it at a random moment of a batch to show that a crash loses and duplicates nothing.
// Its last line reports the worker's counters, its CPU time and the MongoDB commands it sent, by name.
import { Api } from 'grammy';
import mongoose from 'mongoose';
import {
  createOutboxModels,
  initOutboxModels,
  startOutboxWorker,
} from '../src/notifications/outbox/index.ts';
import { workerTuning } from './broadcast-tuning.ts';
import { ownCpuMs } from './process-cpu.ts';

const { MONGODB_URI, BENCH_DB, BENCH_API_ROOT, BENCH_CEILING, BENCH_INSTANCE } = process.env;
if (!MONGODB_URI || !BENCH_DB || !BENCH_API_ROOT || !BENCH_CEILING)
  throw new Error('started by bench/broadcast.ts only');

const url = new URL(`${MONGODB_URI.replace(/\/?$/, '/')}${BENCH_DB}`);
url.searchParams.set('monitorCommands', 'true');
const connection = await mongoose.createConnection(url.toString()).asPromise();
const models = createOutboxModels(connection);
await initOutboxModels(models);
const commands: Record<string, number> = {};
connection.getClient().on('commandStarted', (event) => {
  const name = `${event.commandName}:${event.command[event.commandName] ?? ''}`;
  commands[name] = (commands[name] ?? 0) + 1;
});
const cpuAtStart = ownCpuMs();
const worker = startOutboxWorker({
  models,
  api: new Api('123456:BENCH-token', { apiRoot: BENCH_API_ROOT }),
  instanceId: BENCH_INSTANCE ?? `bench-${process.pid}`,
  ...workerTuning(Number(BENCH_CEILING)),
});
process.stdout.write(`${JSON.stringify({ started: Date.now(), settings: worker.settings })}\n`);
await worker.drain();
await worker.stop();
const cpuMs = ownCpuMs() - cpuAtStart;
process.stdout.write(`${JSON.stringify({ stats: worker.stats(), cpuMs, commands })}\n`);
await connection.close();
