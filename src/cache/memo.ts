import { LruMap } from './lru.ts';
import type { CacheDomain, CacheStamps } from './stamps.ts';

export interface MemoOptions {
  /** The domains whose writes make an entry stale. */
  domains: readonly CacheDomain[];
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
  /** An entry is read again after this long whatever happened (bounds what a write outside mongoose hides). */
  ttlMs?: number;
}

interface Entry<V> {
  value: V;
  version: number;
  at: number;
}

/**
 * A bounded in-memory map of values read from MongoDB. An entry is used only while its domains'
 * versions are the ones it was read under and it is younger than `ttlMs`. The version is taken
 * before the read, so a value read while a write was under way is never taken for a fresh one.
 * Values are frozen: every update shares them.
 */
export class Memo<K, V> {
  private readonly entries: LruMap<K, Entry<V>>;
  private readonly ttlMs: number;
  hits = 0;
  misses = 0;

  constructor(
    private readonly stamps: CacheStamps,
    private readonly options: MemoOptions,
  ) {
    this.entries = new LruMap(options.maxEntries ?? 10_000);
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  /** The cached value, or what `load` reads (cached unless it is null or undefined). */
  async get(key: K, load: () => Promise<V>): Promise<V> {
    await this.stamps.fresh();
    const version = this.stamps.version(this.options.domains);
    const now = performance.now();
    const entry = this.entries.get(key);
    if (entry && entry.version === version && now - entry.at < this.ttlMs) {
      this.hits++;
      return entry.value;
    }
    this.misses++;
    const value = deepFreeze(await load());
    if (value === null || value === undefined) this.entries.delete(key);
    else this.entries.set(key, { value, version, at: now });
    return value;
  }

  /** Forgets one key (the caller just changed what it names). */
  forget(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Freezes plain objects and arrays in place (ObjectIds, Dates and buffers are left as they are). */
function deepFreeze<V>(value: V): V {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  return value;
}
