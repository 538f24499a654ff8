/** Longest relative exptime memcached accepts; larger numbers are read as a Unix time. */
export const MEMCACHE_MAX_RELATIVE_EXPTIME_S = 30 * 24 * 60 * 60;

/**
 * The memcached exptime (seconds) for a TTL of `ttlMs` written at `nowMs`.
 *
 * memcached's clock ticks in whole seconds and an item set just before a tick can lose up to a
 * second, so the server keeps the item for `ceil(ttl) + 1` seconds: never shorter than asked
 * (the value's own expiry makes reads after the precise deadline a miss), and never 0 (which
 * would mean "never expires"). Beyond 30 days memcached reads the number as an absolute Unix
 * time, so that is what we send.
 */
export function memcacheExptime(ttlMs: number, nowMs: number): number {
  const seconds = Math.ceil(ttlMs / 1000) + 1;
  if (seconds <= MEMCACHE_MAX_RELATIVE_EXPTIME_S) return seconds;
  return Math.floor(nowMs / 1000) + seconds;
}
