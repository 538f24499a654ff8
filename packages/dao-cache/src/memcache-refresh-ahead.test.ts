import type { CacheEntry } from '@cachetoggle/model';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemcachePersonCache } from './memcache-person-cache';

// One key read without pause by several readers, each doing what the service does with a
// `getOrLease` answer: serve a person; on `refresh` serve it and fill in the background; on
// `leased` read the "DB" and fill; on a `lease` or `miss`, go without (a miss).

const servers = inject('memcacheServers');
const namespace = inject('memcacheNamespace');
const READERS = 8;

interface ReadStats {
  /** Reads that got no servable value after the first fill. */
  misses: number;
  /** "DB" reads (fills and refreshes) after the first fill. */
  dbReads: number;
  hits: number;
}

async function readContinuously(
  cache: MemcachePersonCache,
  id: string,
  ttlMs: number,
  durationMs: number,
): Promise<ReadStats> {
  const stats: ReadStats = { misses: 0, dbReads: 0, hits: 0 };
  let version = 0;
  let warm = false;
  const dbReadAndFill = async (token: bigint) => {
    if (warm) stats.dbReads++;
    await new Promise(setImmediate);
    const entry: CacheEntry = {
      kind: 'person',
      person: { id, firstName: 'Hot', lastName: 'Key', version: ++version },
    };
    if (await cache.putIfUntouched(id, entry, token, ttlMs)) warm = true;
  };
  const refreshes: Promise<void>[] = [];
  const end = performance.now() + durationMs;
  const reader = async () => {
    while (performance.now() < end) {
      const read = await cache.getOrLease(id, 5000);
      if (read.kind === 'person') stats.hits++;
      else if (read.kind === 'refresh') {
        stats.hits++;
        refreshes.push(dbReadAndFill(read.token));
      } else {
        if (warm) stats.misses++;
        if (read.kind === 'leased') await dbReadAndFill(read.token);
        else if (read.kind === 'miss') await cache.delete(id);
      }
    }
  };
  await Promise.all(Array.from({ length: READERS }, reader));
  await Promise.all(refreshes);
  return stats;
}

describe('refresh ahead: a key read continuously', () => {
  const caches: MemcachePersonCache[] = [];
  afterAll(async () => {
    for (const cache of caches) await cache.close();
  });

  it('never misses at its TTL boundary, and is read from the DB about once per TTL less 1-2 s', async () => {
    const cache = new MemcachePersonCache({ servers, namespace, timeoutMs: 2000 });
    caches.push(cache);
    const ttlMs = 3000;
    const stats = await readContinuously(cache, `hot-${Date.now()}`, ttlMs, 2.5 * ttlMs);
    expect(stats.hits).toBeGreaterThan(1000);
    expect(stats.misses).toBe(0);
    // A refresh comes 1 to 2 s before each value's own expiry: one every 1-2 s at a 3 s TTL.
    expect(stats.dbReads).toBeGreaterThanOrEqual(3);
    expect(stats.dbReads).toBeLessThanOrEqual(8);
  });

  it('without refreshAhead, misses once the value expires, every TTL', async () => {
    const cache = new MemcachePersonCache({
      servers,
      namespace,
      timeoutMs: 2000,
      refreshAhead: false,
    });
    caches.push(cache);
    const ttlMs = 1000;
    const stats = await readContinuously(cache, `cold-${Date.now()}`, ttlMs, 2.5 * ttlMs);
    expect(stats.misses).toBeGreaterThan(0);
  });
});
