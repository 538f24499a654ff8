import { MAX_CACHE_TTL_MS } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import {
  MEMCACHE_MAX_RELATIVE_EXPTIME_S,
  MIN_REFRESH_LEAD_MS,
  memcacheExptime,
  memcacheLeaseTtl,
  REFRESH_WINDOW_S,
} from './memcache-expiry';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0, 500);

describe('memcacheExptime', () => {
  it('whole seconds plus one, so memcached never drops an item of a whole-second TTL early', () => {
    expect(memcacheExptime(2000, NOW)).toBe(3);
    expect(memcacheExptime(3000, NOW)).toBe(4);
    expect(memcacheExptime(300_000, NOW)).toBe(301);
  });

  it('a refresh comes 0.25 to 1.25 s before the own expiry; an item is dropped at most 0.25 s early', () => {
    for (let ttlMs = 3000; ttlMs < 20_000; ttlMs += 7) {
      const exptime = memcacheExptime(ttlMs, NOW);
      // Once in step with the server clock, the window opens REFRESH_WINDOW_S - 1 s before the end.
      const leadMs = ttlMs - (exptime - (REFRESH_WINDOW_S - 1)) * 1000;
      expect(leadMs).toBeGreaterThanOrEqual(MIN_REFRESH_LEAD_MS);
      expect(leadMs).toBeLessThan(1000 + MIN_REFRESH_LEAD_MS);
      // memcached drops an item between exptime - 1 and exptime seconds after it was set.
      expect((exptime - 1) * 1000).toBeGreaterThan(ttlMs - MIN_REFRESH_LEAD_MS);
    }
  });

  it('never less than the refresh window, so no item is born inside it', () => {
    for (const ttl of [1, 200, 1000, 1001, 2249]) {
      expect(memcacheExptime(ttl, NOW)).toBe(REFRESH_WINDOW_S);
    }
  });

  it('never sends 0, which memcached reads as "never expires"', () => {
    for (const ttl of [1, 2, 499, 500, 999]) expect(memcacheExptime(ttl, NOW)).toBeGreaterThan(0);
  });

  it('sends an absolute Unix time once the seconds exceed 30 days', () => {
    const lastRelativeMs = (MEMCACHE_MAX_RELATIVE_EXPTIME_S - 1) * 1000;
    expect(memcacheExptime(lastRelativeMs, NOW)).toBe(MEMCACHE_MAX_RELATIVE_EXPTIME_S);
    const nowS = Math.floor(NOW / 1000);
    expect(memcacheExptime(lastRelativeMs + 1000, NOW)).toBe(
      nowS + MEMCACHE_MAX_RELATIVE_EXPTIME_S + 1,
    );
    const fortyDays = 40 * 24 * 3600;
    expect(memcacheExptime(fortyDays * 1000, NOW)).toBe(nowS + fortyDays + 1);
  });

  it('fits the longest TTL in the 32-bit exptime field', () => {
    expect(memcacheExptime(MAX_CACHE_TTL_MS, NOW)).toBeLessThan(2 ** 32);
    expect(memcacheLeaseTtl(MAX_CACHE_TTL_MS, NOW)).toBeLessThan(2 ** 32);
  });
});

describe('memcacheLeaseTtl', () => {
  it('rounds a lease up to whole seconds, never 0, absolute beyond 30 days', () => {
    expect(memcacheLeaseTtl(1, NOW)).toBe(1);
    expect(memcacheLeaseTtl(1000, NOW)).toBe(1);
    expect(memcacheLeaseTtl(1001, NOW)).toBe(2);
    const fortyDays = 40 * 24 * 3600;
    expect(memcacheLeaseTtl(fortyDays * 1000, NOW)).toBe(Math.floor(NOW / 1000) + fortyDays);
  });
});
