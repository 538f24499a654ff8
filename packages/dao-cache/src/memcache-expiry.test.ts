import { MAX_CACHE_TTL_MS } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import {
  MEMCACHE_MAX_RELATIVE_EXPTIME_S,
  memcacheExptime,
  memcacheLeaseTtl,
  REFRESH_WINDOW_S,
} from './memcache-expiry';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0, 500);

describe('memcacheExptime', () => {
  it('rounds up to whole seconds plus one, so memcached never drops an item early', () => {
    expect(memcacheExptime(2000, NOW)).toBe(3);
    expect(memcacheExptime(2001, NOW)).toBe(4);
    expect(memcacheExptime(300_000, NOW)).toBe(301);
  });

  it('never less than the refresh window, so no item is born inside it', () => {
    for (const ttl of [1, 200, 1000, 1001, 1999]) {
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
    expect(memcacheExptime(lastRelativeMs + 1, NOW)).toBe(
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
