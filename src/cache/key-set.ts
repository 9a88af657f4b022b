/** A bounded set of keys; when it is full, the least recently used key goes first. */
export class BoundedKeySet<K> {
  // A Map keeps insertion order: re-inserting a key on use makes its order the order of use.
  private readonly keys = new Map<K, true>();

  constructor(private readonly maxKeys: number) {}

  /** Whether the key is in the set (which counts as a use). */
  has(key: K): boolean {
    if (!this.keys.delete(key)) return false;
    this.keys.set(key, true);
    return true;
  }

  add(key: K): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.maxKeys) {
      const oldest = this.keys.keys().next();
      if (oldest.done) break;
      this.keys.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
