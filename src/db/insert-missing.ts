/**
 * Inserts the documents a unique index does not already hold, and returns how many it inserted:
 * work resumed after a crash writes again what it wrote before, and those rows are kept as they are.
 * Any other write error is thrown.
 */
export async function insertMissing(
  model: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> },
  docs: readonly object[],
): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    await model.insertMany([...docs], { ordered: false });
    return docs.length;
  } catch (error) {
    const raw = (error as { writeErrors?: unknown }).writeErrors;
    const codes = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(
      (e: { code?: number; err?: { code?: number } }) => e.code ?? e.err?.code,
    );
    if (codes.length === 0 || codes.some((code) => code !== 11000)) throw error;
    return docs.length - codes.length;
  }
}
