import { personCacheContract } from '@cachetoggle/contract-tests';
import { type CacheEntry, UnavailableError, ValidationError } from '@cachetoggle/model';
import { freePort } from '@cachetoggle/testing/memcached';
import { KeyvMemcache } from '@keyv/memcache';
import type { KeyvStoreAdapter } from 'keyv';
import * as vitest from 'vitest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { KeyvPersonCache } from './keyv-person-cache';
import { writeRawValue } from './raw-memcached';

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const memcacheStores: KeyvMemcache[] = [];
afterAll(() => {
  for (const store of memcacheStores) store.client.close();
});

/** An `@keyv/memcache` store of its own (its own connection, as another process has). */
function memcacheStore(options: Record<string, unknown> = {}): KeyvMemcache {
  const store = new KeyvMemcache(servers, { logger: { log: () => {} }, ...options });
  memcacheStores.push(store);
  return store;
}

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
    cache: new KeyvPersonCache({ store: asKeyvStore(store), storeIsPrivate: true }),
    writeRaw: async (id, raw) => {
      store.data.set(keys.key(id), JSON.stringify({ value: raw.toString() }));
    },
  };
});

// Every open is another client of the same memcached, as the processes of a fleet are.
personCacheContract(
  vitest,
  'KeyvPersonCache on @keyv/memcache (memcached add and CAS)',
  async () => {
    const keys = new CacheKeyScheme(namespace);
    return {
      cache: new KeyvPersonCache({ store: memcacheStore(), namespace }),
      writeRaw: (id, value) => writeRawValue(servers, keys.key(id), value),
    };
  },
  { sharedStore: true, ttlGranularityMs: 1000 },
);

describe('KeyvPersonCache', () => {
  it('refuses a store other processes may share that offers no atomic operations', () => {
    const shared = () => new KeyvPersonCache({ store: asKeyvStore(new StringStore(true)) });
    expect(shared).toThrow(ValidationError);
    expect(shared).toThrow(/storeIsPrivate/);
    expect(() => new KeyvPersonCache({ store: new Map() })).not.toThrow();
  });

  it('refuses a memcached store whose client fails over, naming the option', () => {
    const failingOver = memcacheStore({ failover: true });
    const open = () => new KeyvPersonCache({ store: failingOver, namespace });
    expect(open).toThrow(ValidationError);
    expect(open).toThrow(/failover: true/);
    expect(() => new KeyvPersonCache({ store: memcacheStore(), namespace })).not.toThrow();
  });

  it('on @keyv/memcache with no server answering, every call rejects with UnavailableError', async () => {
    const store = new KeyvMemcache(`127.0.0.1:${await freePort()}`, {
      retries: 1,
      timeout: 0.05,
      conntimeout: 0.05,
      logger: { log: () => {} },
    });
    memcacheStores.push(store);
    const cache = new KeyvPersonCache({ store, namespace });
    const calls = [
      cache.get('a'),
      cache.getMany(['a', 'b']),
      cache.set('a', lease('a'), 60_000),
      cache.add('a', lease('a'), 60_000),
      cache.putIfUntouched('a', lease('b'), 1n, 60_000),
      cache.delete('a'),
    ];
    for (const call of calls) {
      await expect(call).rejects.toMatchObject({ code: 'UNAVAILABLE', backend: 'cache' });
    }
  });

  it("on @keyv/memcache, a process that still holds a lease across another process's write cannot fill", async () => {
    const one = new KeyvPersonCache({ store: memcacheStore(), namespace });
    const two = new KeyvPersonCache({ store: memcacheStore(), namespace });
    const id = `keyv-mc-${Date.now().toString(36)}`;
    const token = (await one.add(id, lease('one'), 60_000)) as bigint;
    await two.set(id, lease('written'), 60_000);
    expect(await one.putIfUntouched(id, lease('stale'), token, 60_000)).toBe(false);
    expect(await one.get(id)).toEqual(lease('written'));
  });

  it('turns every store failure into UnavailableError, with or without the store getMany', async () => {
    for (const withGetMany of [true, false]) {
      const store = new StringStore(withGetMany);
      const cache = new KeyvPersonCache({ store: asKeyvStore(store), storeIsPrivate: true });
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
    const cache = new KeyvPersonCache({ store: asKeyvStore(store), storeIsPrivate: true });
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
