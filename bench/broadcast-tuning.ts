import type { OutboxWorkerOptions } from '../src/notifications/outbox/index.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Worker settings for the benchmark: production limits, short leases so a killed worker is recovered fast. */
export function workerTuning(ratePerSecond: number): Partial<OutboxWorkerOptions> {
  return {
    ceilingPerSecond: ratePerSecond,
    perChatIntervalMs: 1000,
    batchSize: 100,
    leaseMs: 5_000,
    sendTimeoutMs: 2_000,
    pollIntervalMs: 20,
    reconcileIntervalMs: 500,
    unknownGraceMs: 500,
    logger: quiet,
  };
}
