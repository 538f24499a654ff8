import { personCacheContract } from '@cachetoggle/contract-tests';
import { type CacheEntry, ValidationError } from '@cachetoggle/model';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import * as vitest from 'vitest';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { MemcachePersonCache } from './memcache-person-cache';
import { memcachedItemTtl, writeRawValue } from './raw-memcached';
import { spyOnSocketWrites } from './socket-write-spy';

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const keys = new CacheKeyScheme(namespace);
const port = Number(servers.split(':')[1]);
const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });

personCacheContract(
  vitest,
  'MemcachePersonCache on one memcached',
  async () => {
    const cache = new MemcachePersonCache({ servers, namespace });
    return {
      cache,
      writeRaw: (id, value) => writeRawValue(servers, keys.key(id), value),
    };
  },
  { readOrLease: true, sharedStore: true },
);

personCacheContract(
  vitest,
  'MemcachePersonCache on two memcached',
  async () => {
    const second = await startMemcached();
    const cache = new MemcachePersonCache({ servers: `${servers},${second.servers}`, namespace });
    return {
      cache,
      writeRaw: (id, value) => writeRawValue(cache.serverOf(id), keys.key(id), value),
      cleanup: () => second.stop(),
    };
  },
  { readOrLease: true },
);

describe('MemcachePersonCache on memcached', () => {
  const caches: MemcachePersonCache[] = [];
  let counter = 0;
  const freshId = () => `mc-${Date.now().toString(36)}-${++counter}`;
  const open = (options: { maxValueBytes?: number; servers?: string } = {}) => {
    const cache = new MemcachePersonCache({ servers, namespace, ...options });
    caches.push(cache);
    return cache;
  };
  let writes: ReturnType<typeof spyOnSocketWrites> | undefined;

  afterEach(() => writes?.restore());
  afterAll(async () => {
    for (const cache of caches) await cache.close();
  });

  it('sends nothing for an id without a key, and the connection keeps answering', async () => {
    const cache = open();
    const id = freshId();
    await cache.set(id, lease('kept'), 60_000);
    writes = spyOnSocketWrites(port);
    const refused = [
      cache.get(''),
      cache.get('x'.repeat(251)),
      cache.getMany(['ok', '\uD800']),
      cache.getOrLease('', 1000),
      cache.getManyOrLease(['ok', ''], 1000),
    ];
    for (const call of refused) await expect(call).rejects.toBeInstanceOf(ValidationError);
    expect(() => cache.serverOf('')).toThrow(ValidationError);
    expect(writes.requests()).toBe(0);
    expect(await cache.get(id)).toEqual(lease('kept'));
  });

  it('a value the server refuses as too large is a ValidationError, and the connection survives', async () => {
    const cache = open({ maxValueBytes: 4 * 1024 * 1024 });
    const [big, kept] = [freshId(), freshId()];
    await cache.set(kept, lease('kept'), 60_000);
    const huge = lease('x'.repeat(2 * 1024 * 1024));
    await expect(cache.set(big, huge, 60_000)).rejects.toThrow(
      expect.objectContaining({ field: 'entry' }),
    );
    await expect(cache.add(big, huge, 60_000)).rejects.toBeInstanceOf(ValidationError);
    expect(await cache.get(kept)).toEqual(lease('kept'));
  });

  it('values of any bytes, "\\r\\n" and "END" inside included, read back whole', async () => {
    const cache = open();
    const ids = Array.from({ length: 20 }, freshId);
    const owners = ids.map((id, i) => `${id}\r\nEND\r\nVA 3\r\n${'é'.repeat(i * 997)}\r\n`);
    await Promise.all(ids.map((id, i) => cache.set(id, lease(owners[i] as string), 60_000)));
    const reads = await cache.getMany(ids);
    for (const [i, id] of ids.entries()) expect(reads.get(id)).toEqual(lease(owners[i] as string));
    expect(await cache.get(ids[19] as string)).toEqual(lease(owners[19] as string));
  });

  it('get and a miss are one request each; getMany is one request per server', async () => {
    const cache = open();
    const ids = Array.from({ length: 50 }, freshId);
    await Promise.all(ids.slice(0, 25).map((id) => cache.set(id, lease(id), 60_000)));
    writes = spyOnSocketWrites(port);
    await cache.get(ids[0] as string);
    await cache.get(ids[49] as string);
    expect(writes.requests()).toBe(2);
    writes.reset();
    const reads = await cache.getMany(ids);
    expect(writes.requests()).toBe(1);
    expect(ids.map((id) => reads.get(id)?.kind)).toEqual([
      ...Array(25).fill('lease'),
      ...Array(25).fill('miss'),
    ]);
  });

  describe('over two servers', () => {
    let second: MemcachedProcess;
    let pair: MemcachePersonCache;

    beforeAll(async () => {
      second = await startMemcached();
      pair = open({ servers: `${servers},${second.servers}` });
    });
    afterAll(async () => {
      await pair.close();
      await second.stop();
    });

    it('getMany and getManyOrLease: one request to each server, every id answered', async () => {
      const ids = Array.from({ length: 40 }, freshId);
      await Promise.all(ids.map((id) => pair.set(id, lease(id), 60_000)));
      const both = [port, second.port].map(spyOnSocketWrites);
      const reads = await pair.getMany(ids);
      for (const spy of both) expect(spy.requests()).toBe(1);
      for (const id of ids) expect(reads.get(id)).toEqual(lease(id));
      for (const spy of both) spy.reset();
      const leased = await pair.getManyOrLease([...ids, 'nobody-1', 'nobody-2'], 5000);
      for (const spy of both) expect(spy.requests()).toBe(1);
      for (const id of ids) expect(leased.get(id)).toEqual(lease(id));
      expect(leased.get('nobody-1')?.kind).toBe('leased');
      for (const spy of both) spy.restore();
    });

    it('keys land on both servers, and serverOf names the one holding each key', async () => {
      const ids = Array.from({ length: 40 }, freshId);
      await Promise.all(ids.map((id) => pair.set(id, lease(id), 60_000)));
      const names = new Set(ids.map((id) => pair.serverOf(id)));
      expect(names).toEqual(new Set([servers, second.servers]));
      for (const id of ids) {
        expect(await memcachedItemTtl(pair.serverOf(id), keys.key(id))).toBeGreaterThan(0);
      }
    });
  });

  it('add replaces an entry whose own expiry passed while memcached still holds it', async () => {
    const cache = open();
    const id = freshId();
    await cache.add(id, lease('stale'), 100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await memcachedItemTtl(servers, keys.key(id))).toBeDefined();
    const token = await cache.add(id, lease('fresh'), 60_000);
    expect(typeof token).toBe('bigint');
    expect(await cache.getIdentifiable(id)).toEqual({ read: lease('fresh'), token });
  });

  it('two clients on separate connections: racing adds and puts have exactly one winner', async () => {
    const [left, right] = [open(), open()];
    for (let round = 0; round < 100; round++) {
      const id = freshId();
      const tokens = await Promise.all([
        left.add(id, lease('left'), 60_000),
        right.add(id, lease('right'), 60_000),
      ]);
      expect(tokens.filter((t) => t !== undefined)).toHaveLength(1);
      const reads = await Promise.all([left.getIdentifiable(id), right.getIdentifiable(id)]);
      const wins = await Promise.all([
        left.putIfUntouched(id, lease('L'), reads[0].token as bigint, 60_000),
        right.putIfUntouched(id, lease('R'), reads[1].token as bigint, 60_000),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  it("a token is good only on the connection it was read on: another client's is refused unsent", async () => {
    const [left, right] = [open(), open()];
    const id = freshId();
    const token = (await left.add(id, lease('left'), 60_000)) as bigint;
    await right.get(id);
    writes = spyOnSocketWrites(port);
    expect(await right.putIfUntouched(id, lease('right'), token, 60_000)).toBe(false);
    expect(writes.requests()).toBe(0);
    expect(await left.putIfUntouched(id, lease('L'), token, 60_000)).toBe(true);
  });

  it('a stalled event loop does not fail a request answered during the stall', async () => {
    const cache = open();
    const fast = new MemcachePersonCache({ servers, namespace, timeoutMs: 50 });
    const id = freshId();
    await fast.set(id, lease('stall'), 60_000);
    const read = fast.get(id);
    const until = performance.now() + 200; // four timeouts of synchronous work
    while (performance.now() < until);
    expect(await read).toEqual(lease('stall'));
    await fast.close();
    expect(await cache.get(id)).toEqual(lease('stall'));
  });

  it.each([
    [{ servers: '' }],
    [{ servers: '127.0.0.1:99999' }],
    [{ servers: '127.0.0.1:0' }],
    [{ servers: '127.0.0.1:11211,' }],
    [{ servers: '127.0.0.1:port' }],
    [{ servers: 'a b:11211' }],
    [{ servers: 'user:secret@127.0.0.1:11211' }],
    [{ servers: '127.0.0.1:11211,127.0.0.1:11211' }],
    [{ servers: 'cache:1,CACHE:1' }],
    [{ servers: '[::1:11211' }],
    [{ servers, timeoutMs: 0 }],
    [{ servers, timeoutMs: 1.5 }],
    [{ servers, maxValueBytes: -1 }],
    [{ servers, namespace: 'has space' }],
    [{ servers, refreshAhead: 'yes' }],
  ])('rejects the options %j with a ValidationError', (options) => {
    expect(() => new MemcachePersonCache(options as never)).toThrow(ValidationError);
  });

  it('never repeats credentials in its error', () => {
    expect(() => new MemcachePersonCache({ servers: 'app:hunter2@cache:11211' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it.each([
    [
      'cache.internal:11211, cache2.internal:11212',
      ['cache.internal:11211', 'cache2.internal:11212'],
    ],
    ['cache', ['cache:11211']],
    ['[::1]:11300,10.0.0.1:1', ['[::1]:11300', '10.0.0.1:1']],
  ])('accepts the servers %j and names them %j', async (list, names) => {
    const cache = new MemcachePersonCache({ servers: list });
    const seen = new Set(Array.from({ length: 200 }, (_, i) => cache.serverOf(`id-${i}`)));
    expect(seen).toEqual(new Set(names));
    await cache.close();
  });
});
