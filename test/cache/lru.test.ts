import { describe, expect, it } from 'vitest';
import { rememberingChatsWithoutDialogue } from '../../src/bot/conversations.ts';
import { BoundedKeySet } from '../../src/cache/lru.ts';
import type { KeyValueStore } from '../../src/db/conversation-state.ts';

describe('a bounded key set', () => {
  it('drops the least recently used key when full', () => {
    const set = new BoundedKeySet<string>(2);
    set.add('a');
    set.add('b');
    expect(set.has('a')).toBe(true);
    set.add('c');
    expect([set.has('a'), set.has('b'), set.has('c')]).toEqual([true, false, true]);
    expect(set.size).toBe(2);
  });
});

describe('the state store remembering chats without a dialogue', () => {
  /** A store that counts its reads and can be told to fail its writes after storing. */
  const counting = () => {
    const values = new Map<string, number>();
    const store: KeyValueStore<number> & { reads: number; failWrites: boolean } = {
      reads: 0,
      failWrites: false,
      async read(key) {
        store.reads++;
        return values.get(key);
      },
      async write(key, value) {
        values.set(key, value);
        if (store.failWrites) throw new Error('write lost its answer');
      },
      async delete(key) {
        values.delete(key);
      },
    };
    return store;
  };

  it('reads an absent chat once; a write, even a failed one, makes it read again', async () => {
    const inner = counting();
    const store = rememberingChatsWithoutDialogue(inner);
    expect(await store.read('chat:1')).toBeUndefined();
    expect(await store.read('chat:1')).toBeUndefined();
    expect(inner.reads).toBe(1);

    inner.failWrites = true;
    await expect(store.write('chat:1', 7)).rejects.toThrow();
    expect(await store.read('chat:1')).toBe(7);
    expect(await store.read('chat:1')).toBe(7);
    expect(inner.reads).toBe(3);

    await store.delete('chat:1');
    expect(await store.read('chat:1')).toBeUndefined();
    expect(inner.reads).toBe(3);
  });
});
