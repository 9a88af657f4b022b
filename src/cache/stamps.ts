import { type Connection, Schema } from 'mongoose';

/**
 * What in-memory caches may hold, by the collections whose writes make it stale:
 * `people` — accounts, employees, bodies (a roster import, a link, a role or language change);
 * `survey360` — 360 campaigns and evaluatees; `ranking` — ranking campaigns.
 */
export const CACHE_DOMAINS = ['people', 'survey360', 'ranking'] as const;
export type CacheDomain = (typeof CACHE_DOMAINS)[number];

/** One version number per domain, shared by every instance of the bot. */
const stampSchema = new Schema({
  _id: { type: String, required: true },
  version: { type: Number, default: 0 },
});
interface StampModel {
  find(filter: object, projection: object): { lean(): Promise<{ _id: string; version: number }[]> };
  findOneAndUpdate(
    filter: object,
    update: object,
    options: object,
  ): { lean(): Promise<{ _id: string; version: number } | null> };
}

/** The writes mongoose runs middleware for (query, document and model middleware). */
const QUERY_WRITES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const;

const QUERY_DELETES = ['findOneAndDelete', 'deleteOne', 'deleteMany'];

const registry = new WeakMap<Connection, CacheStamps>();

/**
 * Installs, on a schema, the note that its writes make a cache domain stale. Each write through
 * mongoose (query, save, insertMany, bulkWrite; failed ones too, which may have written part) moves
 * the domain's version on at once in this process, and in MongoDB for the other instances.
 * Writes on the raw driver collection bypass it: the caches' lifetime bounds what they can miss.
 */
export function invalidatesCache(
  // Any schema: typed as an object so that mongoose's schema generics are not widened here.
  schema: object,
  domain: CacheDomain,
  options: { onlyDeletes?: boolean } = {},
): void {
  const note = (connection: Connection | undefined) => {
    if (connection) registry.get(connection)?.bump(domain);
  };
  function fromQuery(this: { model?: { db?: Connection } }) {
    note(this.model?.db);
  }
  function fromQueryFailed(
    this: { model?: { db?: Connection } },
    error: unknown,
    _res: unknown,
    next: (e?: unknown) => void,
  ) {
    note(this.model?.db);
    next(error);
  }
  function fromModel(this: { db?: Connection }) {
    note(this.db);
  }
  function fromModelFailed(
    this: { db?: Connection },
    error: unknown,
    _res: unknown,
    next: (e?: unknown) => void,
  ) {
    note(this.db);
    next(error);
  }
  function fromDocument(this: { db?: Connection }) {
    note(this.db);
  }
  const hooks = schema as unknown as {
    post(ops: unknown, options: unknown, fn: unknown): void;
  };
  const queries = options.onlyDeletes ? QUERY_DELETES : [...QUERY_WRITES];
  hooks.post(queries, { document: false, query: true }, fromQuery);
  hooks.post(queries, { document: false, query: true, errorHandler: true }, fromQueryFailed);
  // Documents whose cached fields never change (only `onlyDeletes`) need no note of inserts.
  if (options.onlyDeletes) return;
  hooks.post(['insertMany', 'bulkWrite'], {}, fromModel);
  hooks.post(['insertMany', 'bulkWrite'], { errorHandler: true }, fromModelFailed);
  hooks.post(['save', 'deleteOne'], { document: true, query: false }, fromDocument);
}

export interface CacheStampsOptions {
  /** How often the shared versions are read back from MongoDB, at most (other instances' writes). */
  checkEveryMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The versions caches compare their entries with. A write in this process moves its domain on at
 * once; a write on another instance is seen when the shared versions are next read, at most
 * `checkEveryMs` later (one small read per interval per instance, whatever the number of updates).
 */
export class CacheStamps {
  private readonly local = new Map<CacheDomain, number>();
  private readonly remote = new Map<string, number>();
  private lastCheck = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | null = null;
  private readonly pending = new Set<CacheDomain>();
  private flushing: Promise<void> | null = null;
  private readonly checkEveryMs: number;
  private readonly Stamp: StampModel;

  constructor(
    private readonly connection: Connection,
    private readonly options: CacheStampsOptions = {},
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 1_000;
    this.Stamp = (connection.models.CacheStamp ??
      connection.model('CacheStamp', stampSchema, 'cachestamps')) as unknown as StampModel;
    registry.set(connection, this);
  }

  /** The version of the domains an entry depends on, as this process knows it now. */
  version(domains: readonly CacheDomain[]): number {
    let sum = 0;
    for (const domain of domains) sum += (this.local.get(domain) ?? 0) + (this.remote.get(domain) ?? 0);
    return sum;
  }

  /** A write made entries of `domain` stale: here at once, elsewhere after the shared version moved. */
  bump(domain: CacheDomain): void {
    this.local.set(domain, (this.local.get(domain) ?? 0) + 1);
    this.pending.add(domain);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flush())
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.flushing = null;
      });
  }

  /** Reads the shared versions if they were last read more than `checkEveryMs` ago. */
  async fresh(): Promise<void> {
    if (performance.now() - this.lastCheck < this.checkEveryMs) return;
    this.checking ??= this.readShared()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.checking = null;
      });
    await this.checking;
  }

  /** Waits for the shared versions to be written (at stop, and in tests). */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  detach(): void {
    if (registry.get(this.connection) === this) registry.delete(this.connection);
  }

  private async readShared(): Promise<void> {
    const stamps = await this.Stamp.find({}, { version: 1 }).lean();
    // Never backwards: a read that started before one of our own increments may land after it.
    for (const stamp of stamps)
      this.remote.set(stamp._id, Math.max(this.remote.get(stamp._id) ?? 0, stamp.version));
    this.lastCheck = performance.now();
  }

  private async flush(): Promise<void> {
    const domains = [...this.pending];
    this.pending.clear();
    if (domains.length === 0) return;
    for (const domain of domains) {
      const stamp = await this.Stamp.findOneAndUpdate(
        { _id: domain },
        { $inc: { version: 1 } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      // Our own increment, already counted locally: taken in now, so the next read of the shared
      // versions does not make every entry of the domain stale a second time.
      if (stamp) this.remote.set(domain, Math.max(this.remote.get(domain) ?? 0, stamp.version));
    }
  }
}
