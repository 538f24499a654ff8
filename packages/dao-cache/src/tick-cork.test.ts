import type { Socket } from 'node:net';
import { type CacheEntry, UnavailableError } from '@cachetoggle/model';
import { startMemcached } from '@cachetoggle/testing/memcached';
import { KeyvMemcache } from '@keyv/memcache';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { MemcachePersonCache } from './memcache-person-cache';
import { type MemjsServer, memjsInternals } from './memjs-internals';

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const silent = { log: () => {} };
const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });
const cleanups: (() => Promise<void> | void)[] = [];
let counter = 0;
const freshId = () => `cork-${Date.now().toString(36)}-${++counter}`;

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A cache on a store of its own over `serverList`, and that store's memjs connections. */
function openCache(serverList: string) {
  const store = new KeyvMemcache(serverList, { retries: 1, timeout: 0.5, logger: silent });
  cleanups.push(() => store.client.close());
  const cache = new MemcachePersonCache({ store, namespace });
  return { cache, connections: memjsInternals(store.client).servers };
}

/** Counts the writes a connected socket hands to the OS, and the requests in each. */
function spyOnWrites(server: MemjsServer) {
  const socket = server._socket as Socket;
  if (!server.connected || socket === undefined) throw new Error('not connected');
  const single = vi.spyOn(socket, '_write');
  const vector = vi.spyOn(socket, '_writev');
  return {
    writes: () => single.mock.calls.length + vector.mock.calls.length,
    requests: () =>
      vector.mock.calls.reduce((sum, [chunks]) => sum + chunks.length, single.mock.calls.length),
  };
}

describe('requests written in one tick leave in at most two socket writes', () => {
  it('a lone request is written at once, not held for the end of the tick', async () => {
    const { cache, connections } = openCache(servers);
    const id = freshId();
    await cache.set(id, lease(id), 60_000);
    const spy = spyOnWrites(connections[0] as MemjsServer);
    const read = cache.get(id);
    expect(spy.writes()).toBe(1);
    expect(await read).toEqual(lease(id));
  });

  it('64 concurrent gets: the first at once, the other 63 in one write, every answer right', async () => {
    const { cache, connections } = openCache(servers);
    const ids = Array.from({ length: 64 }, freshId);
    await Promise.all(ids.map((id) => cache.set(id, lease(id), 60_000)));
    const spy = spyOnWrites(connections[0] as MemjsServer);
    const reads = await Promise.all(ids.map((id) => cache.get(id)));
    expect(reads).toEqual(ids.map(lease));
    expect(spy.writes()).toBe(2);
    expect(spy.requests()).toBe(64);
  });

  it('gets, stores and a multi-get of one tick share two writes; later ticks write again', async () => {
    const { cache, connections } = openCache(servers);
    const [a, b, c] = [freshId(), freshId(), freshId()];
    await cache.set(a, lease('a'), 60_000);
    const spy = spyOnWrites(connections[0] as MemjsServer);
    const [read, , many, token] = await Promise.all([
      cache.get(a),
      cache.set(b, lease('b'), 60_000),
      cache.getMany([a, c]),
      cache.add(c, lease('c'), 60_000),
    ]);
    expect(spy.writes()).toBe(2);
    expect(read).toEqual(lease('a'));
    expect(many.get(a)).toEqual(lease('a'));
    expect(typeof token).toBe('bigint');
    expect(await cache.get(b)).toEqual(lease('b'));
    expect(spy.writes()).toBe(3);
  });

  it('over two servers: two writes per connection', async () => {
    const second = await startMemcached();
    cleanups.push(() => second.stop());
    const { cache, connections } = openCache(`${servers},${second.servers}`);
    const ids = Array.from({ length: 64 }, freshId);
    await Promise.all(ids.map((id) => cache.set(id, lease(id), 60_000)));
    const spies = connections.map(spyOnWrites);
    const reads = await Promise.all(ids.map((id) => cache.get(id)));
    expect(reads).toEqual(ids.map(lease));
    for (const spy of spies) expect(spy.writes()).toBe(2);
    expect(spies.map((spy) => spy.requests()).reduce((x, y) => x + y)).toBe(64);
  });

  it('a connection that fails while requests wait for the tick to end: they reject, the next ones work', async () => {
    const { cache, connections } = openCache(servers);
    const id = freshId();
    await cache.set(id, lease('kept'), 60_000);
    const server = connections[0] as MemjsServer;
    const waiting = Array.from({ length: 8 }, () => cache.get(id));
    expect(server._socket?.writableCorked).toBe(1);
    expect(server._socket?.writableLength).toBeGreaterThan(0);
    server.error(new Error('connection reset'));
    for (const read of waiting) await expect(read).rejects.toBeInstanceOf(UnavailableError);
    expect(await Promise.all(Array.from({ length: 8 }, () => cache.get(id)))).toEqual(
      Array(8).fill(lease('kept')),
    );
  });
});
