import type { AnyBulkWriteOperation } from 'mongoose';
import { type Outcome, recordOutcomes, sendItem } from './attempt.ts';
import type { ClaimedBatch, ReadyItem } from './claim.ts';
import type { OutboxRuntime } from './runtime.ts';

const RELEASED: Outcome = { kind: 'released' };
const noop = () => undefined;

/**
 * Sends a claimed batch chunk by chunk, overlapping the database with the wire: while one chunk's
 * requests go out at the limiter's pace, the next chunk's start is being recorded and the previous
 * chunk's outcomes are being written.
 */
export async function runBatch(rt: OutboxRuntime, batch: ClaimedBatch): Promise<void> {
  const chunks: ReadyItem[][] = [];
  for (let i = 0; i < batch.items.length; i += rt.settings.chunkSize)
    chunks.push(batch.items.slice(i, i + rt.settings.chunkSize));
  const records: Promise<void>[] = [];
  const track = <T>(promise: Promise<T>) => {
    promise.catch(noop); // awaited below; this only keeps an early failure from being "unhandled"
    return promise;
  };
  let nextStart = chunks[0] ? track(recordStart(rt, chunks[0])) : undefined;
  for (let i = 0; i < chunks.length; i++) {
    const started = await nextStart!;
    nextStart = chunks[i + 1] ? track(recordStart(rt, chunks[i + 1]!)) : undefined;
    const sends: Promise<Outcome>[] = [];
    for (const item of started) {
      await rt.limiter.take(rt.stopSignal);
      sends.push(mayStart(rt, batch) ? sendItem(rt, item) : Promise.resolve(RELEASED));
    }
    records.push(track(Promise.all(sends).then((outcomes) => recordOutcomes(rt, started, outcomes))));
  }
  await Promise.all(records);
}

/** Never start a request that could outlive the lease: another instance would then reconcile it. */
function mayStart(rt: OutboxRuntime, batch: ClaimedBatch): boolean {
  if (rt.stopSignal.aborted) return false;
  return batch.leaseUntil.getTime() - rt.now().getTime() >= rt.settings.sendTimeoutMs;
}

/**
 * Records, before any of the chunk's requests may start, that they may start, and the probe baseline.
 * Returns the items still ours (an item whose claim was lost in the meantime is left alone).
 */
async function recordStart(rt: OutboxRuntime, chunk: ReadyItem[]): Promise<ReadyItem[]> {
  const startedAt = rt.now();
  const ops: AnyBulkWriteOperation[] = chunk.map((item) => ({
    updateOne: {
      filter: { _id: item._id, attemptId: item.attemptId, state: 'sending' },
      update: {
        $set: { reservation: item.reservation, probeFromMessageId: item.probeFromMessageId, startedAt },
        $inc: { attempts: 1 },
      },
    },
  }));
  const result = await rt.models.OutboxItem.bulkWrite(ops, { ordered: false });
  if (result.modifiedCount === chunk.length) return chunk;
  const ours = await rt.models.OutboxItem.find(
    { _id: { $in: chunk.map((item) => item._id) }, attemptId: chunk[0]!.attemptId, startedAt },
    { _id: 1 },
  ).lean();
  const ids = new Set(ours.map((item) => String(item._id)));
  return chunk.filter((item) => ids.has(String(item._id)));
}
