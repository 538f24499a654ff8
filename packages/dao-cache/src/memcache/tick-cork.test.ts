import { type CacheEntry, UnavailableError } from '@cachetoggle/model';
import { startMemcached } from '@cachetoggle/testing/memcached';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MemcachePersonCache } from '../memcache-person-cache';
import { spyOnSocketWrites } from '../socket-write-spy';

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const port = Number(servers.split(':')[1]);
const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });
const cleanups: (() => Promise<void> | void)[] = [];
let counter = 0;
const freshId = () => `cork-${Date.now().toString(36)}-${++counter}`;

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A connected cache over `serverList`, and a spy on the writes to `ports`. */
async function openCache(serverList: string, ports: number[] = [port]) {
  const cache = new MemcachePersonCache({ servers: serverList, namespace });
  cleanups.push(() => cache.close());
  await cache.getMany(Array.from({ length: 20 }, freshId)); // connect to every server
  const spies = ports.map(spyOnSocketWrites);
  cleanups.push(() => {
    for (const spy of spies) spy.restore();
  });
  return { cache, spies };
}

/**
 * A connected cache on a memcached of its own that the test can pause, with a long timeout (a
 * paused server must not fail the requests), and a spy on the writes to it.
 */
async function openPausableCache() {
  const paused = await startMemcached();
  cleanups.push(() => paused.stop());
  const cache = new MemcachePersonCache({ servers: paused.servers, namespace, timeoutMs: 10_000 });
  cleanups.push(() => cache.close());
  await cache.get('connect');
  await new Promise(setImmediate);
  const spy = spyOnSocketWrites(paused.port);
  cleanups.push(() => spy.restore());
  return { paused, cache, spy };
}

describe('requests written in one tick leave in at most two socket writes', () => {
  it('a lone request is written at once, not held for the end of the tick', async () => {
    const { cache, spies } = await openCache(servers);
    const id = freshId();
    await cache.set(id, lease(id), 60_000);
    spies[0]?.reset();
    const read = cache.get(id);
    expect(spies[0]?.syscalls()).toBe(1);
    expect(await read).toEqual(lease(id));
  });

  it('64 concurrent gets: the first at once, the other 63 in one write, every answer right', async () => {
    const { cache, spies } = await openCache(servers);
    const ids = Array.from({ length: 64 }, freshId);
    await Promise.all(ids.map((id) => cache.set(id, lease(id), 60_000)));
    await new Promise(setImmediate); // out of the burst that follows the sets' answers
    spies[0]?.reset();
    const reads = await Promise.all(ids.map((id) => cache.get(id)));
    expect(reads).toEqual(ids.map(lease));
    expect(spies[0]?.syscalls()).toBe(2);
    expect(spies[0]?.requests()).toBe(64);
  });

  it('with a request in flight, the requests of a later tick all wait for its end: one write', async () => {
    const { paused, cache, spy } = await openPausableCache();
    await paused.pause();
    const first = cache.get('first');
    await new Promise(setImmediate);
    expect(spy.syscalls()).toBe(1);
    const rest = Promise.all(Array.from({ length: 10 }, (_, i) => cache.get(`rest-${i}`)));
    expect(spy.syscalls()).toBe(1);
    await new Promise(setImmediate);
    expect(spy.syscalls()).toBe(2);
    expect(spy.requests()).toBe(11);
    paused.resume();
    expect(await first).toEqual({ kind: 'miss' });
    expect(await rest).toEqual(Array(10).fill({ kind: 'miss' }));
  });

  it('the requests that answers read together call for leave in one write', async () => {
    const { paused, cache, spy } = await openPausableCache();
    // Ten gets answered in one read (the server, paused, reads them all at once when it
    // resumes), each answer's caller then asking again at once, as a loaded service does.
    await paused.pause();
    const firstRound = Array.from({ length: 10 }, (_, i) => cache.get(`first-${i}`));
    await new Promise(setImmediate);
    expect(spy.syscalls()).toBe(2);
    const secondRound = firstRound.map((read, i) => read.then(() => cache.get(`second-${i}`)));
    paused.resume();
    expect(await Promise.all(secondRound)).toEqual(Array(10).fill({ kind: 'miss' }));
    expect(spy.requests()).toBe(20);
    // Before: the first of them went out at once (no answer pending any more), the rest together.
    expect(spy.syscalls()).toBe(3);
  });

  it('gets, stores and a multi-get of one tick share two writes; later ticks write again', async () => {
    const { cache, spies } = await openCache(servers);
    const spy = spies[0] as ReturnType<typeof spyOnSocketWrites>;
    const [a, b, c] = [freshId(), freshId(), freshId()];
    await cache.set(a, lease('a'), 60_000);
    spy.reset();
    const [read, , many, token, leased] = await Promise.all([
      cache.get(a),
      cache.set(b, lease('b'), 60_000),
      cache.getMany([a, c]),
      cache.add(c, lease('c'), 60_000),
      cache.getOrLease(freshId(), 1000),
    ]);
    expect(spy.syscalls()).toBe(2);
    expect(read).toEqual(lease('a'));
    expect(many.get(a)).toEqual(lease('a'));
    expect(typeof token).toBe('bigint');
    expect(leased.kind).toBe('leased');
    expect(await cache.get(b)).toEqual(lease('b'));
    expect(spy.syscalls()).toBe(3);
  });

  it('over two servers: two writes per connection', async () => {
    const second = await startMemcached();
    cleanups.push(() => second.stop());
    const { cache, spies } = await openCache(`${servers},${second.servers}`, [port, second.port]);
    const ids = Array.from({ length: 64 }, freshId);
    await Promise.all(ids.map((id) => cache.set(id, lease(id), 60_000)));
    await new Promise(setImmediate); // out of the burst that follows the sets' answers
    for (const spy of spies) spy.reset();
    const reads = await Promise.all(ids.map((id) => cache.get(id)));
    expect(reads).toEqual(ids.map(lease));
    for (const spy of spies) expect(spy.syscalls()).toBe(2);
    expect(spies.map((spy) => spy.requests()).reduce((x, y) => x + y)).toBe(64);
  });

  it('a connection destroyed while requests wait for the tick to end: they reject, the next ones work', async () => {
    const { cache, spies } = await openCache(servers);
    const spy = spies[0] as ReturnType<typeof spyOnSocketWrites>;
    const id = freshId();
    await cache.set(id, lease('kept'), 60_000);
    spy.reset();
    const waiting = Array.from({ length: 8 }, () => cache.get(id));
    const [socket] = spy.sockets();
    expect(socket?.writableCorked).toBe(1);
    expect(socket?.writableLength).toBeGreaterThan(0);
    socket?.destroy();
    for (const read of waiting) await expect(read).rejects.toBeInstanceOf(UnavailableError);
    expect(await Promise.all(Array.from({ length: 8 }, () => cache.get(id)))).toEqual(
      Array(8).fill(lease('kept')),
    );
  });
});
