/** Longest relative exptime memcached accepts; larger numbers are read as a Unix time. */
export const MEMCACHE_MAX_RELATIVE_EXPTIME_S = 30 * 24 * 60 * 60;

/**
 * The `R` of a refresh-ahead read (`mg … R3`): memcached hands `W` to one reader once the item
 * has less than 3 s to live. Items live `ceil(ttl) + 1` seconds (see `memcacheExptime`) on a
 * clock that ticks in whole seconds at a phase we do not know, so an item dies between `ttl` and
 * `ttl + 1` s after it was written (whole-second TTLs) and the refresh comes 1 to 2 s before the
 * entry's own expiry: time for the DB read and the fill, so a key read continuously is never
 * without a fresh value. With `R2` it would come 0 to 1 s before (a coin toss for a fill that
 * takes longer than the remaining fraction) and, for TTLs with a fraction of a second, after it.
 * The cost: a hot key is read from the DB once per `ttl - 1.5 s` on average instead of per `ttl`.
 */
export const REFRESH_WINDOW_S = 3;

/**
 * The memcached exptime (seconds) for a TTL of `ttlMs` written at `nowMs`.
 *
 * memcached's clock ticks in whole seconds and an item set just before a tick can lose up to a
 * second, so the server keeps the item for `ceil(ttl) + 1` seconds: never shorter than asked
 * (the value's own expiry makes reads after the precise deadline a miss), and never 0 (which
 * would mean "never expires"). At least `REFRESH_WINDOW_S` seconds, so that no item is born
 * inside the refresh window (every fill of a sub-second TTL would hand the next reader a
 * refresh, a DB read per fill). Beyond 30 days memcached reads the number as an absolute Unix
 * time, so that is what we send.
 */
export function memcacheExptime(ttlMs: number, nowMs: number): number {
  const seconds = Math.max(Math.ceil(ttlMs / 1000) + 1, REFRESH_WINDOW_S);
  return absoluteBeyond30Days(seconds, nowMs);
}

/**
 * The TTL (seconds) of the lease stub `mg … N<s>` creates for a lease of `leaseTtlMs`: rounded
 * up, never 0, absolute beyond 30 days.
 */
export function memcacheLeaseTtl(leaseTtlMs: number, nowMs: number): number {
  return absoluteBeyond30Days(Math.max(1, Math.ceil(leaseTtlMs / 1000)), nowMs);
}

function absoluteBeyond30Days(seconds: number, nowMs: number): number {
  if (seconds <= MEMCACHE_MAX_RELATIVE_EXPTIME_S) return seconds;
  return Math.floor(nowMs / 1000) + seconds;
}
