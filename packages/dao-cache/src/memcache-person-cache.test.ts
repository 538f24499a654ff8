import { type CacheEntry, ValidationError } from '@cachetoggle/model';
import { personCacheContract } from '@cachetoggle/testing/contracts';
import { startMemcached } from '@cachetoggle/testing/memcached';
import { KeyvMemcache } from '@keyv/memcache';
import memjs from 'memjs';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { MemcachePersonCache } from './memcache-person-cache';
import { memcachedItemTtl } from './memcached-item-ttl';
import { memjsInternals } from './memjs-internals';

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const silent = { log: () => {} };
const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });

personCacheContract('MemcachePersonCache on memcached', async () => {
  const raw = memjs.Client.create(servers, { logger: silent });
  const keys = new CacheKeyScheme(namespace);
  return {
    cache: new MemcachePersonCache({ servers, namespace }),
    writeRaw: async (id, value) => {
      await raw.set(keys.key(id), Buffer.from(value), { expires: 60 });
    },
    cleanup: async () => raw.close(),
  };
});

describe('MemcachePersonCache on memcached', () => {
  const stores: KeyvMemcache[] = [];
  let counter = 0;
  const freshId = () => `mc-${Date.now().toString(36)}-${++counter}`;

  /** A cache on a store of our own, with a spy on every request it writes. */
  function spiedCache(options: { maxValueBytes?: number } = {}) {
    const store = new KeyvMemcache(servers, { retries: 1, timeout: 0.5, logger: silent });
    stores.push(store);
    const server = memjsInternals(store.client).servers[0];
    if (!server) throw new Error('no server');
    const cache = new MemcachePersonCache({ store, namespace, ...options });
    return { cache, writes: vi.spyOn(server, 'write') };
  }

  afterAll(() => {
    for (const store of stores) store.client.close();
  });

  it('sends nothing for an id without a key, and the connection keeps answering', async () => {
    const { cache, writes } = spiedCache();
    const id = freshId();
    await cache.set(id, lease('kept'), 60_000);
    writes.mockClear();
    const refused = [cache.get(''), cache.get('x'.repeat(251)), cache.getMany(['ok', '\uD800'])];
    for (const call of refused) await expect(call).rejects.toBeInstanceOf(ValidationError);
    expect(writes).not.toHaveBeenCalled();
    expect(await cache.get(id)).toEqual(lease('kept'));
  });

  it('a value the server refuses as too large is a ValidationError, and the connection survives', async () => {
    const { cache } = spiedCache({ maxValueBytes: 4 * 1024 * 1024 });
    const [big, kept] = [freshId(), freshId()];
    await cache.set(kept, lease('kept'), 60_000);
    const huge = lease('x'.repeat(2 * 1024 * 1024));
    await expect(cache.set(big, huge, 60_000)).rejects.toThrow(
      expect.objectContaining({ field: 'entry' }),
    );
    await expect(cache.add(big, huge, 60_000)).rejects.toBeInstanceOf(ValidationError);
    expect(await cache.get(kept)).toEqual(lease('kept'));
  });

  it('get and a miss are one request each; getMany is one request per server', async () => {
    const { cache, writes } = spiedCache();
    const ids = Array.from({ length: 50 }, freshId);
    await Promise.all(ids.slice(0, 25).map((id) => cache.set(id, lease(id), 60_000)));
    writes.mockClear();
    await cache.get(ids[0] as string);
    await cache.get(ids[49] as string);
    expect(writes).toHaveBeenCalledTimes(2);
    writes.mockClear();
    const reads = await cache.getMany(ids);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(ids.map((id) => reads.get(id)?.kind)).toEqual([
      ...Array(25).fill('lease'),
      ...Array(25).fill('miss'),
    ]);
  });

  it('getMany over two servers: one request to each, every id answered', async () => {
    const second = await startMemcached();
    const store = new KeyvMemcache(`${servers},${second.servers}`, { logger: silent });
    const spies = memjsInternals(store.client).servers.map((s) => vi.spyOn(s, 'write'));
    const cache = new MemcachePersonCache({ store, namespace });
    try {
      const ids = Array.from({ length: 40 }, freshId);
      await Promise.all(ids.map((id) => cache.set(id, lease(id), 60_000)));
      for (const spy of spies) expect(spy.mock.calls.length).toBeGreaterThan(0);
      for (const spy of spies) spy.mockClear();
      const reads = await cache.getMany(ids);
      for (const spy of spies) expect(spy).toHaveBeenCalledTimes(1);
      for (const id of ids) expect(reads.get(id)).toEqual(lease(id));
    } finally {
      store.client.close();
      await second.stop();
    }
  });

  it('add replaces an entry whose own expiry passed while memcached still holds it', async () => {
    const { cache } = spiedCache();
    const id = freshId();
    await cache.add(id, lease('stale'), 100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await memcachedItemTtl(servers, new CacheKeyScheme(namespace).key(id))).toBeDefined();
    const token = await cache.add(id, lease('fresh'), 60_000);
    expect(typeof token).toBe('bigint');
    expect(await cache.getIdentifiable(id)).toEqual({ read: lease('fresh'), token });
  });

  it('two clients on separate connections: racing adds and puts have exactly one winner', async () => {
    const left = new MemcachePersonCache({ servers, namespace });
    const right = new MemcachePersonCache({ servers, namespace });
    try {
      for (let round = 0; round < 100; round++) {
        const id = freshId();
        const tokens = await Promise.all([
          left.add(id, lease('left'), 60_000),
          right.add(id, lease('right'), 60_000),
        ]);
        const winners = tokens.filter((t) => t !== undefined);
        expect(winners).toHaveLength(1);
        const wins = await Promise.all([
          left.putIfUntouched(id, lease('L'), winners[0] as bigint, 60_000),
          right.putIfUntouched(id, lease('R'), winners[0] as bigint, 60_000),
        ]);
        expect(wins.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await left.close();
      await right.close();
    }
  });

  it('a stalled event loop does not fail a request answered during the stall', async () => {
    const cache = new MemcachePersonCache({ servers, namespace, timeoutMs: 50 });
    const id = freshId();
    await cache.set(id, lease('stall'), 60_000);
    const read = cache.get(id);
    const until = performance.now() + 150; // three timeouts of synchronous work
    while (performance.now() < until);
    expect(await read).toEqual(lease('stall'));
    await cache.close();
  });

  it.each([
    [{ servers: '' }],
    [{ servers: '127.0.0.1:99999' }],
    [{ servers: '127.0.0.1:11211,' }],
    [{ servers: '127.0.0.1:port' }],
    [{ servers: 'a b:11211' }],
    [{ servers, timeoutMs: 0 }],
    [{ servers, timeoutMs: 1.5 }],
    [{ servers, maxValueBytes: -1 }],
    [{ servers, namespace: 'has space' }],
  ])('rejects the options %j with a ValidationError', (options) => {
    expect(() => new MemcachePersonCache(options)).toThrow(ValidationError);
  });
});
