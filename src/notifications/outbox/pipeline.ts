import type { AnyBulkWriteOperation } from 'mongoose';
import { type Outcome, recordOutcomes, sendItem } from './attempt.ts';
import { driverBulkWrite } from './bulk.ts';
import type { ClaimedBatch, ReadyItem } from './claim.ts';
import { loggableError } from './errors.ts';
import type { OutboxRuntime } from './runtime.ts';

const RELEASED: Outcome = { kind: 'released' };
const noop = () => undefined;
/** Outcome writes in flight at once before the sender waits for the oldest (bounds memory, not speed). */
const MAX_RECORDS_IN_FLIGHT = 16;

interface Chunk {
  batch: ClaimedBatch;
  items: ReadyItem[];
}

interface Hooks {
  /** Claims up to `size` items; null when nothing was due. */
  claim(size: number): Promise<ClaimedBatch | null>;
  /** Waits between empty polls (ends early when the worker stops). */
  idle(ms: number): Promise<void>;
}

/**
 * The worker's one sending loop. It never waits on the database while items are ready: the next batch is
 * claimed while the current one is being sent (up to `pipelines` batches held at once), and the start of
 * each chunk's requests is recorded a little ahead of the limiter (`startAheadChunks`), so at any rate the
 * sender finds started items waiting. Outcomes are written per chunk in the background.
 * One loop means one queue in front of the limiter: claimed batches are sent in order, not interleaved.
 */
export async function runSender(rt: OutboxRuntime, hooks: Hooks): Promise<void> {
  const { settings } = rt;
  const claimedChunks: Chunk[] = [];
  const ahead: { chunk: Chunk; started: Promise<ReadyItem[]> }[] = [];
  const records = new Set<Promise<void>>();
  let claiming: Promise<void> | undefined;
  let nothingDueUntil = 0;
  let unsent = 0;
  // After an idle spell the first claim is small, so sending starts after a short claim; each following
  // claim may double, up to the batch (a large claim is slow on a busy database).
  const firstClaim = Math.min(settings.batchSize, settings.chunkSize * settings.startAheadChunks);
  let claimSize = firstClaim;

  const track = (promise: Promise<void>) => {
    records.add(promise);
    promise.catch(noop).finally(() => records.delete(promise));
  };
  const claimMore = () => {
    if (claiming || rt.stopSignal.aborted || performance.now() < nothingDueUntil) return;
    if (unsent > settings.batchSize * (settings.pipelines - 1)) return;
    claiming = hooks
      .claim(claimSize)
      .then((batch) => {
        if (!batch) {
          nothingDueUntil = performance.now() + settings.pollIntervalMs;
          claimSize = firstClaim;
        } else {
          addBatch(batch);
          claimSize = Math.min(settings.batchSize, claimSize * 2);
        }
      })
      .catch((error) => {
        nothingDueUntil = performance.now() + settings.pollIntervalMs;
        rt.log.error({ err: loggableError(error) }, 'outbox claim failed');
      })
      .finally(() => {
        claiming = undefined;
      });
  };
  const addBatch = (batch: ClaimedBatch) => {
    for (let i = 0; i < batch.items.length; i += settings.chunkSize)
      claimedChunks.push({ batch, items: batch.items.slice(i, i + settings.chunkSize) });
    unsent += batch.items.length;
  };
  const startAhead = () => {
    while (ahead.length < settings.startAheadChunks && claimedChunks.length > 0) {
      const chunk = claimedChunks.shift()!;
      const started = recordStart(rt, chunk.items);
      started.catch(noop); // awaited by the sender
      ahead.push({ chunk, started });
    }
  };

  try {
    for (;;) {
      claimMore();
      startAhead();
      const next = ahead.shift();
      if (!next) {
        if (rt.stopSignal.aborted) break;
        if (claiming) await claiming;
        else await hooks.idle(Math.max(1, nothingDueUntil - performance.now()));
        continue;
      }
      startAhead();
      let started: ReadyItem[];
      try {
        started = await next.started;
      } finally {
        unsent -= next.chunk.items.length;
      }
      const sends: Promise<Outcome>[] = [];
      for (const item of started) {
        await rt.limiter.take(rt.stopSignal);
        sends.push(mayStart(rt, next.chunk.batch) ? sendItem(rt, item) : Promise.resolve(RELEASED));
      }
      track(Promise.all(sends).then((outcomes) => recordOutcomes(rt, started, outcomes)));
      while (records.size > MAX_RECORDS_IN_FLIGHT) await Promise.race(records).catch(noop);
    }
  } finally {
    // Stopping (or a failed write): what was claimed and not sent goes back; a claim under way lands first.
    await claiming;
    for (const chunk of claimedChunks.splice(0)) ahead.push({ chunk, started: recordStart(rt, chunk.items) });
    for (const { started } of ahead) {
      const items = await started.catch(() => [] as ReadyItem[]);
      if (items.length > 0)
        track(
          recordOutcomes(
            rt,
            items,
            items.map(() => RELEASED),
          ),
        );
    }
    await Promise.allSettled([...records]);
  }
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
  const result = await driverBulkWrite(rt.models.OutboxItem, ops, startedAt);
  if (result.modifiedCount === chunk.length) return chunk;
  const ours = await rt.models.OutboxItem.find(
    { _id: { $in: chunk.map((item) => item._id) }, attemptId: chunk[0]!.attemptId, startedAt },
    { _id: 1 },
  ).lean();
  const ids = new Set(ours.map((item) => String(item._id)));
  return chunk.filter((item) => ids.has(String(item._id)));
}
