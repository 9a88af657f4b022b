import type { AnyBulkWriteOperation } from 'mongoose';

/**
 * Values per `$in` list. A server may test every matched document against the whole list (an in-memory
 * one does, at a cost that grows with the square of the batch), so a long list is split over several
 * statements of one bulk write, or several reads.
 */
const IN_LIST = 50;

export function inGroups<T>(values: readonly T[], size = IN_LIST): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < values.length; i += size) groups.push(values.slice(i, i + size));
  return groups;
}

/** One `updateMany` per group of ids, for a single bulk write (one round trip). */
export function updateManyByIds(
  field: string,
  values: readonly unknown[],
  filter: Record<string, unknown>,
  update: Record<string, unknown>,
): AnyBulkWriteOperation[] {
  return inGroups(values).map((group) => ({
    updateMany: { filter: { ...filter, [field]: { $in: group } }, update },
  }));
}
