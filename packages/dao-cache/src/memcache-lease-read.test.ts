import { type CacheEntry, encodeCacheEntry, type Person } from '@cachetoggle/model';
import {
  type MemcachedProcess,
  memcachedStats,
  startMemcached,
} from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { MemcachePersonCache } from './memcache-person-cache';
import { MEMCACHED_LEASE } from './memcache-stored-read';
import { writeRawValue } from './raw-memcached';

// What `getOrLease` makes of memcached's `W` / `Z` flags on each kind of item, and memcached's
// own count of the requests it costs.

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const keys = new CacheKeyScheme(namespace);
const MINUTE = 60_000;
let counter = 0;
const freshId = () => `lr-${Date.now().toString(36)}-${++counter}`;
const personOf = (id: string, version = 1): Person => ({
  id,
  firstName: 'Ada',
  lastName: 'Lovelace',
  version,
});
const entryOf = (id: string, version = 1): CacheEntry => ({
  kind: 'person',
  person: personOf(id, version),
});

/** Plants `entry` with its own expiry at `expiresAtMs`, kept by memcached for `seconds`. */
function plant(id: string, entry: CacheEntry, expiresAtMs: number, seconds: number) {
  return writeRawValue(servers, keys.key(id), encodeCacheEntry(entry, expiresAtMs), seconds);
}

describe('getOrLease reads memcached W and Z flags', () => {
  const cache = new MemcachePersonCache({ servers, namespace });
  const plain = new MemcachePersonCache({ servers, namespace, refreshAhead: false });
  const other = new MemcachePersonCache({ servers, namespace });

  afterAll(async () => {
    for (const c of [cache, plain, other]) await c.close();
  });

  it("a lease stub reads as memcached's lease from get, getMany, getIdentifiable and getOrLease", async () => {
    const id = freshId();
    expect((await cache.getOrLease(id, MINUTE)).kind).toBe('leased');
    expect(await other.get(id)).toEqual(MEMCACHED_LEASE);
    expect((await other.getMany([id])).get(id)).toEqual(MEMCACHED_LEASE);
    expect((await other.getIdentifiable(id)).read).toEqual(MEMCACHED_LEASE);
    expect(await other.getOrLease(id, MINUTE)).toEqual(MEMCACHED_LEASE);
    expect(await other.add(id, entryOf(id), MINUTE)).toBeUndefined();
  });

  it('a value past its own expiry in its last seconds: one reader leases, the others see its lease', async () => {
    const id = freshId();
    await plant(id, entryOf(id), Date.now() - 1000, 2);
    const first = await cache.getOrLease(id, MINUTE);
    expect(first.kind).toBe('leased');
    expect(await other.getOrLease(id, MINUTE)).toEqual(MEMCACHED_LEASE);
    expect(await other.get(id)).toEqual({ kind: 'miss' });
    const token = first.kind === 'leased' ? first.token : 0n;
    expect(await cache.putIfUntouched(id, entryOf(id, 2), token, MINUTE)).toBe(true);
    expect(await other.getOrLease(id, MINUTE)).toEqual(entryOf(id, 2));
  });

  it('a fresh value in its last seconds: one reader gets its refresh, the others keep reading it', async () => {
    const id = freshId();
    await plant(id, entryOf(id), Date.now() + MINUTE, 2);
    const first = await cache.getOrLease(id, MINUTE);
    expect(first).toEqual({ kind: 'refresh', entry: entryOf(id), token: expect.any(BigInt) });
    expect(await other.getOrLease(id, MINUTE)).toEqual(entryOf(id));
    const token = first.kind === 'refresh' ? first.token : 0n;
    expect(await cache.putIfUntouched(id, entryOf(id, 2), token, MINUTE)).toBe(true);
    expect(await cache.putIfUntouched(id, entryOf(id, 3), token, MINUTE)).toBe(false);
    expect(await other.getOrLease(id, MINUTE)).toEqual(entryOf(id, 2));
  });

  it('without refreshAhead a value in its last seconds is only read: served fresh, a miss expired', async () => {
    const [fresh, expired] = [freshId(), freshId()];
    await plant(fresh, entryOf(fresh), Date.now() + MINUTE, 2);
    await plant(expired, entryOf(expired), Date.now() - 1000, 2);
    expect(await plain.getOrLease(fresh, MINUTE)).toEqual(entryOf(fresh));
    expect(await plain.getOrLease(expired, MINUTE)).toEqual({ kind: 'miss' });
    expect((await cache.getOrLease(fresh, MINUTE)).kind).toBe('refresh');
  });

  it('a corrupt value: read as corrupt, until its last seconds, when one reader leases it', async () => {
    const [kept, ending] = [freshId(), freshId()];
    await writeRawValue(servers, keys.key(kept), Buffer.from([0xff, 0x00, 0x0d, 0x0a]), 60);
    await writeRawValue(servers, keys.key(ending), 'not ours', 2);
    expect((await cache.getOrLease(kept, MINUTE)).kind).toBe('corrupt');
    expect((await cache.getOrLease(ending, MINUTE)).kind).toBe('leased');
    expect(await other.getOrLease(ending, MINUTE)).toEqual(MEMCACHED_LEASE);
  });

  it('getManyOrLease decodes each key as getOrLease does', async () => {
    const [fresh, ending, expired, missing] = [freshId(), freshId(), freshId(), freshId()];
    await cache.set(fresh, entryOf(fresh), MINUTE);
    await plant(ending, entryOf(ending), Date.now() + MINUTE, 2);
    await plant(expired, entryOf(expired), Date.now() - 1000, 2);
    const reads = await cache.getManyOrLease([fresh, ending, expired, missing], MINUTE);
    expect(reads.get(fresh)).toEqual(entryOf(fresh));
    expect(reads.get(ending)?.kind).toBe('refresh');
    expect(reads.get(expired)?.kind).toBe('leased');
    expect(reads.get(missing)?.kind).toBe('leased');
    const again = await other.getManyOrLease([fresh, ending, expired, missing], MINUTE);
    expect([...again.values()]).toEqual([
      entryOf(fresh),
      entryOf(ending),
      MEMCACHED_LEASE,
      MEMCACHED_LEASE,
    ]);
  });
});

describe("memcached's own counters", () => {
  let server: MemcachedProcess;
  let cache: MemcachePersonCache;

  beforeAll(async () => {
    server = await startMemcached();
    cache = new MemcachePersonCache({ servers: server.servers, namespace });
  });
  afterAll(async () => {
    await cache.close();
    await server.stop();
  });

  const counts = async () => {
    const stats = await memcachedStats(server.servers);
    return { gets: stats.get('cmd_get'), sets: stats.get('cmd_set') };
  };

  it('100 misses through getOrLease + putIfUntouched cost 100 gets and 100 sets; 100 hits 100 gets', async () => {
    const ids = Array.from({ length: 100 }, freshId);
    const before = await counts();
    for (const id of ids) {
      const read = await cache.getOrLease(id, 5000);
      if (read.kind !== 'leased') throw new Error(`expected leased, got ${read.kind}`);
      expect(await cache.putIfUntouched(id, entryOf(id), read.token, MINUTE)).toBe(true);
    }
    const filled = await counts();
    expect(filled).toEqual({ gets: (before.gets ?? 0) + 100, sets: (before.sets ?? 0) + 100 });
    for (const id of ids) expect(await cache.getOrLease(id, 5000)).toEqual(entryOf(id));
    expect(await counts()).toEqual({ gets: (filled.gets ?? 0) + 100, sets: filled.sets });
  });
});
