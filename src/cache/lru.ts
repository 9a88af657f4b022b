/** A bounded map; when it is full, the least recently used entry goes first. */
export class LruMap<K, V> {
  // A Map keeps insertion order: re-inserting an entry on use makes its order the order of use.
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {}

  /** The value (which counts as a use), or undefined. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A bounded set of keys; when it is full, the least recently used key goes first. */
export class BoundedKeySet<K> {
  private readonly keys: LruMap<K, true>;

  constructor(maxKeys: number) {
    this.keys = new LruMap(maxKeys);
  }

  /** Whether the key is in the set (which counts as a use). */
  has(key: K): boolean {
    return this.keys.get(key) !== undefined;
  }

  add(key: K): void {
    this.keys.set(key, true);
  }

  delete(key: K): void {
    this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
