import { personCacheContract } from '@cachetoggle/contract-tests';
import { type CacheEntry, UnavailableError } from '@cachetoggle/model';
import type { KeyvStoreAdapter } from 'keyv';
import * as vitest from 'vitest';
import { describe, expect, it } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { KeyvPersonCache } from './keyv-person-cache';

const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });

/**
 * A remote-like Keyv store: it holds strings only (so Keyv serialises), can offer `getMany`,
 * counts its calls, and fails every call while `down`.
 */
class StringStore {
  readonly data = new Map<string, string>();
  readonly calls: string[] = [];
  down = false;
  opts = {};
  namespace?: string;
  readonly getMany?: (keys: string[]) => Promise<(string | undefined)[]>;

  constructor(withGetMany: boolean) {
    if (withGetMany) {
      this.getMany = async (keys) => {
        this.#call('getMany');
        return keys.map((key) => this.data.get(key));
      };
    }
  }

  async get(key: string) {
    this.#call('get');
    return this.data.get(key);
  }

  async set(key: string, value: unknown) {
    this.#call('set');
    if (typeof value !== 'string') throw new Error('this store holds strings only');
    this.data.set(key, value);
  }

  async delete(key: string) {
    this.#call('delete');
    return this.data.delete(key);
  }

  async clear() {
    this.data.clear();
  }

  on() {
    return this;
  }

  #call(name: string): void {
    this.calls.push(name);
    if (this.down) throw new Error('connection refused');
  }
}

/** Keyv types a store's values as its own envelope; this one stores Keyv's JSON strings. */
const asKeyvStore = (store: StringStore) => store as unknown as KeyvStoreAdapter;

personCacheContract(vitest, 'KeyvPersonCache on the default in-process Map', async () => ({
  cache: new KeyvPersonCache(),
}));

personCacheContract(vitest, 'KeyvPersonCache on a serialising store with getMany', async () => {
  const store = new StringStore(true);
  const keys = new CacheKeyScheme();
  return {
    cache: new KeyvPersonCache({ store: asKeyvStore(store) }),
    writeRaw: async (id, raw) => {
      store.data.set(keys.key(id), JSON.stringify({ value: raw.toString() }));
    },
  };
});

describe('KeyvPersonCache', () => {
  it('turns every store failure into UnavailableError, with or without the store getMany', async () => {
    for (const withGetMany of [true, false]) {
      const store = new StringStore(withGetMany);
      const cache = new KeyvPersonCache({ store: asKeyvStore(store) });
      await cache.set('a', lease('a'), 60_000);
      store.down = true;
      const calls = [
        cache.get('a'),
        cache.getMany(['a', 'b']),
        cache.getIdentifiable('a'),
        cache.set('a', lease('b'), 60_000),
        cache.add('b', lease('b'), 60_000),
        cache.putIfUntouched('a', lease('b'), 1n, 60_000),
        cache.delete('a'),
      ];
      for (const call of calls) {
        await expect(call).rejects.toMatchObject({ code: 'UNAVAILABLE', backend: 'cache' });
      }
      store.down = false;
      expect(await cache.get('a')).toEqual(lease('a'));
    }
  });

  it("reads many keys with the store's getMany in one call when it has one", async () => {
    const store = new StringStore(true);
    const cache = new KeyvPersonCache({ store: asKeyvStore(store) });
    await cache.set('a', lease('a'), 60_000);
    store.calls.length = 0;
    const reads = await cache.getMany(['a', 'b', 'a', 'c']);
    expect(store.calls).toEqual(['getMany']);
    expect([...reads.values()]).toEqual([lease('a'), { kind: 'miss' }, { kind: 'miss' }]);
  });

  it('two caches on one store share the queue: racing adds and puts have one winner', async () => {
    const store = new Map();
    const left = new KeyvPersonCache({ store });
    const right = new KeyvPersonCache({ store });
    for (let round = 0; round < 50; round++) {
      const id = `shared-${round}`;
      const tokens = await Promise.all([
        left.add(id, lease('left'), 60_000),
        right.add(id, lease('right'), 60_000),
      ]);
      expect(tokens.filter((t) => t !== undefined)).toHaveLength(1);
      const token = tokens.find((t) => t !== undefined) as bigint;
      const wins = await Promise.all([
        left.putIfUntouched(id, lease('L'), token, 60_000),
        right.putIfUntouched(id, lease('R'), token, 60_000),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  it('close leaves a store passed in as it is, and later calls reject', async () => {
    const store = new Map();
    const borrowing = new KeyvPersonCache({ store });
    await borrowing.set('a', lease('a'), 60_000);
    await borrowing.close();
    expect(store.size).toBe(1);
    await expect(borrowing.get('a')).rejects.toBeInstanceOf(UnavailableError);
    expect(await new KeyvPersonCache({ store }).get('a')).toEqual(lease('a'));
  });
});
