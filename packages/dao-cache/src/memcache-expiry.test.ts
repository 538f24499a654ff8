import { MAX_CACHE_TTL_MS } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { MEMCACHE_MAX_RELATIVE_EXPTIME_S, memcacheExptime } from './memcache-expiry';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0, 500);

describe('memcacheExptime', () => {
  it('rounds up to whole seconds plus one, so memcached never drops an item early', () => {
    expect(memcacheExptime(1, NOW)).toBe(2);
    expect(memcacheExptime(200, NOW)).toBe(2);
    expect(memcacheExptime(1000, NOW)).toBe(2);
    expect(memcacheExptime(1001, NOW)).toBe(3);
    expect(memcacheExptime(300_000, NOW)).toBe(301);
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
  });
});
