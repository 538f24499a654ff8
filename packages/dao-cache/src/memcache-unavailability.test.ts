import { type CacheEntry, UnavailableError } from '@cachetoggle/model';
import {
  freePort,
  type MemcachedProcess,
  memcachedStats,
  startMemcached,
} from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemcachePersonCache } from './memcache-person-cache';
import { MEMCACHED_LEASE } from './memcache-stored-read';

const TIMEOUT_MS = 100;
const TOMBSTONE: CacheEntry = { kind: 'tombstone' };
const lease: CacheEntry = { kind: 'lease', owner: 'o' };

/** How long `promise` took to reject, and with what. */
async function rejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected a rejection');
}

/**
 * Every operation that sends a request, once, on fresh ids (`putIfUntouched` sends nothing
 * without a token of the live connection: see 'a token from before the failure').
 */
function everyOperation(cache: MemcachePersonCache, id: string): Promise<unknown>[] {
  return [
    cache.get(id),
    cache.getMany([id, `${id}-2`]),
    cache.getIdentifiable(id),
    cache.getOrLease(id, 1000),
    cache.getManyOrLease([id, `${id}-2`], 1000),
    cache.set(id, TOMBSTONE, 1000),
    cache.add(id, lease, 1000),
    cache.delete(id),
  ];
}

/** Retries `get` until it answers; the number of failed attempts before that. */
async function failuresUntilAnswered(cache: MemcachePersonCache): Promise<number> {
  for (let failures = 0; failures < 20; failures++) {
    try {
      await cache.get('recovery');
      return failures;
    } catch (error) {
      expect(error).toBeInstanceOf(UnavailableError);
    }
  }
  throw new Error('the cache never answered again');
}

/** Pauses memcached and waits until it stops answering (SIGSTOP lands asynchronously). */
async function pauseAndConfirm(server: MemcachedProcess, cache: MemcachePersonCache) {
  await server.pause();
  for (let probe = 0; probe < 10; probe++) {
    try {
      await cache.get('probe');
    } catch (error) {
      expect(error).toBeInstanceOf(UnavailableError);
      return;
    }
  }
  throw new Error('memcached still answers after SIGSTOP');
}

describe('MemcachePersonCache when memcached is unavailable', () => {
  let server: MemcachedProcess;
  let cache: MemcachePersonCache;

  beforeAll(async () => {
    server = await startMemcached();
    cache = new MemcachePersonCache({ servers: server.servers, timeoutMs: TIMEOUT_MS });
  });

  afterAll(async () => {
    await cache.close();
    await server.stop();
  });

  it('a port nobody listens on: every operation rejects with UnavailableError at once', async () => {
    const nowhere = new MemcachePersonCache({ servers: `127.0.0.1:${await freePort()}` });
    for (const operation of everyOperation(nowhere, 'refused')) {
      const { error, ms } = await rejection(operation);
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ backend: 'cache', code: 'UNAVAILABLE' });
      expect(ms).toBeLessThan(TIMEOUT_MS);
    }
    await nowhere.close();
  });

  it('a killed server: operations reject at once, and the same client recovers after a restart', async () => {
    await cache.set('survivor', TOMBSTONE, 60_000);
    await server.kill();
    const outcomes = await Promise.all(everyOperation(cache, 'killed').map(rejection));
    for (const { error, ms } of outcomes) {
      expect(error).toBeInstanceOf(UnavailableError);
      expect(ms).toBeLessThan(TIMEOUT_MS);
    }
    await server.start();
    expect(await failuresUntilAnswered(cache)).toBe(0);
    await cache.set('after-restart', lease, 60_000);
    expect(await cache.get('after-restart')).toEqual(lease);
    expect(await cache.get('survivor')).toEqual({ kind: 'miss' });
  });

  it('a token from before a restart is refused without sending anything, even when its CAS comes round again', async () => {
    const before = await cache.getOrLease('restart-lease', 60_000);
    if (before.kind !== 'leased') throw new Error(`expected a lease, got ${before.kind}`);
    await server.kill();
    await server.start();
    // The new server numbers CAS from 1 again: bring the same key to the old token's CAS.
    const oldCas = before.token & (2n ** 64n - 1n);
    let again = await cache.getOrLease('restart-lease', 60_000);
    while (again.kind === 'leased' && (again.token & (2n ** 64n - 1n)) < oldCas) {
      await cache.delete('restart-lease');
      again = await cache.getOrLease('restart-lease', 60_000);
    }
    expect(again.kind).toBe('leased');
    expect(again.kind === 'leased' && again.token & (2n ** 64n - 1n)).toBe(oldCas);
    const setsBefore = (await memcachedStats(server.servers)).get('cmd_set');
    expect(await cache.putIfUntouched('restart-lease', TOMBSTONE, before.token, 60_000)).toBe(
      false,
    );
    expect((await memcachedStats(server.servers)).get('cmd_set')).toBe(setsBefore);
    expect(await cache.get('restart-lease')).toEqual(MEMCACHED_LEASE);
    const token = again.kind === 'leased' ? again.token : 0n;
    expect(await cache.putIfUntouched('restart-lease', TOMBSTONE, token, 60_000)).toBe(true);
  });

  it('a paused server: 64 requests in flight all reject within the timeout; they work again after resume', async () => {
    await cache.set('paused', lease, 60_000);
    await pauseAndConfirm(server, cache);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 64 }, (_, i) => rejection(cache.get(`paused-${i % 8}`))),
      );
      for (const { error, ms } of outcomes) {
        expect(error).toBeInstanceOf(UnavailableError);
        expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
        expect(ms).toBeLessThan(3 * TIMEOUT_MS);
      }
    } finally {
      server.resume();
    }
    expect(await failuresUntilAnswered(cache)).toBeLessThanOrEqual(1);
    expect(await cache.get('paused')).toEqual(lease);
  });

  it('close() while requests hang on a paused server rejects them at once', async () => {
    const closing = new MemcachePersonCache({ servers: server.servers, timeoutMs: 10_000 });
    await closing.get('warm');
    await pauseAndConfirm(server, cache);
    try {
      const pending = rejection(closing.get('hanging'));
      await closing.close();
      const { error, ms } = await pending;
      expect(error).toBeInstanceOf(UnavailableError);
      expect(ms).toBeLessThan(1000);
    } finally {
      server.resume();
    }
  });

  it('with two servers, one down: its keys reject, the other server still answers', async () => {
    const other = await startMemcached();
    const pair = new MemcachePersonCache({
      servers: `${server.servers},${other.servers}`,
      timeoutMs: TIMEOUT_MS,
    });
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `spread-${i}`);
      await Promise.all(ids.map((id) => pair.set(id, TOMBSTONE, 60_000)));
      expect([...(await pair.getMany(ids)).values()].every((r) => r.kind === 'tombstone')).toBe(
        true,
      );
      await other.kill();
      const reads = await Promise.allSettled(ids.map((id) => pair.get(id)));
      const answered = reads.filter((r) => r.status === 'fulfilled');
      const failed = reads.filter((r) => r.status === 'rejected');
      expect(answered.length).toBeGreaterThan(0);
      expect(failed.length).toBeGreaterThan(0);
      for (const r of failed) expect(r.reason).toBeInstanceOf(UnavailableError);
      await expect(pair.getMany(ids)).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await pair.close();
      await other.stop();
    }
  });

  it('with two servers, one paused: its keys fail within about the timeout, the other answers at once', async () => {
    const other = await startMemcached();
    const pair = new MemcachePersonCache({
      servers: `${server.servers},${other.servers}`,
      timeoutMs: TIMEOUT_MS,
    });
    try {
      const ids = Array.from({ length: 40 }, (_, i) => `frozen-${i}`);
      await Promise.all(ids.map((id) => pair.set(id, TOMBSTONE, 60_000)));
      const frozen = ids.filter((id) => pair.serverOf(id) === other.servers);
      const healthy = ids.filter((id) => pair.serverOf(id) === server.servers);
      expect(frozen.length).toBeGreaterThan(0);
      expect(healthy.length).toBeGreaterThan(0);
      await other.pause();
      await vi.waitFor(() => expect(pair.get(frozen[0] as string)).rejects.toThrow(), {
        timeout: 5000,
      });
      const started = performance.now();
      const stuck = Promise.all(frozen.map((id) => rejection(pair.get(id))));
      const answers = await Promise.all(healthy.map((id) => pair.get(id)));
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(answers.every((read) => read.kind === 'tombstone')).toBe(true);
      for (const { error, ms } of await stuck) {
        expect(error).toBeInstanceOf(UnavailableError);
        expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
        expect(ms).toBeLessThan(3 * TIMEOUT_MS);
      }
    } finally {
      other.resume();
      await pair.close();
      await other.stop();
    }
  });
});
