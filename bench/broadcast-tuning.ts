import type { OutboxWorkerOptions } from '../src/notifications/outbox/index.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
/** BENCH_DEBUG=1: the worker's warnings and errors on stderr. */
const loud = {
  debug() {},
  info() {},
  warn: (...args: unknown[]) => console.error('warn', JSON.stringify(args)),
  error: (...args: unknown[]) => console.error('error', JSON.stringify(args)),
};

/**
 * Worker settings for the benchmark: the production defaults (rate fraction, batch sized to the lease,
 * per-chat spacing), with a short lease so that a killed worker's items come back within seconds.
 */
export function workerTuning(ceilingPerSecond: number): Partial<OutboxWorkerOptions> {
  return {
    ceilingPerSecond,
    perChatIntervalMs: 1000,
    leaseMs: 5_000,
    sendTimeoutMs: 2_000,
    pollIntervalMs: 20,
    reconcileIntervalMs: 500,
    unknownGraceMs: 500,
    logger: process.env.BENCH_DEBUG ? loud : quiet,
  };
}
