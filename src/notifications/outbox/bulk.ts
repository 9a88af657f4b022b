import type { AnyBulkWriteOperation, Model } from 'mongoose';

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

type UpdateOp = {
  updateOne?: { update: Record<string, unknown> };
  updateMany?: { update: Record<string, unknown> };
};

/**
 * A bulk write on the driver itself, for the per-message writes of the send path: their filters and
 * updates are built from values already of their stored types (ObjectIds, Dates, numbers), so mongoose's
 * casting of every statement is skipped. `updatedAt` is stamped as mongoose's timestamps would.
 */
export async function driverBulkWrite(
  model: Pick<Model<never>, 'collection'>,
  ops: AnyBulkWriteOperation[],
  stampedAt?: Date,
): Promise<{ modifiedCount: number }> {
  if (stampedAt) {
    for (const op of ops as UpdateOp[]) {
      const statement = op.updateOne ?? op.updateMany;
      if (statement) statement.update.$set = { ...(statement.update.$set as object), updatedAt: stampedAt };
    }
  }
  return model.collection.bulkWrite(ops as never, { ordered: false });
}
