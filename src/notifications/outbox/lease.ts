import type { OutboxModels } from './models.ts';

type LeaseModels = Pick<OutboxModels, 'Lease'>;

const isDuplicateKey = (error: unknown) => (error as { code?: number } | null)?.code === 11000;

/**
 * Takes (or extends, if `owner` already holds it) the lease `name` for `ttlMs`.
 * One atomic upsert: when another owner holds an unexpired lease the filter misses,
 * the upsert collides with the unique name and we answer false.
 */
export async function acquireLease(
  models: LeaseModels,
  name: string,
  owner: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  try {
    await models.Lease.findOneAndUpdate(
      { name, $or: [{ owner }, { until: { $lte: now } }] },
      { $set: { owner, until: new Date(now.getTime() + ttlMs) } },
      { upsert: true, returnDocument: 'after' },
    );
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Extends a lease we still hold; false when it expired and someone else took it. */
export async function renewLease(
  models: LeaseModels,
  name: string,
  owner: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await models.Lease.updateOne(
    { name, owner, until: { $gt: now } },
    { $set: { until: new Date(now.getTime() + ttlMs) } },
  );
  return result.matchedCount === 1;
}

/** Gives the lease up early (only if we hold it). */
export async function releaseLease(models: LeaseModels, name: string, owner: string): Promise<void> {
  await models.Lease.updateOne({ name, owner }, { $set: { until: new Date(0) } });
}
