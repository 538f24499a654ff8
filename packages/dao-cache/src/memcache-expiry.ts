/** Longest relative exptime memcached accepts; larger numbers are read as a Unix time. */
export const MEMCACHE_MAX_RELATIVE_EXPTIME_S = 30 * 24 * 60 * 60;

/**
 * The `R` of a refresh-ahead read (`mg … R3`): memcached hands `W` to one reader once the item
 * has less than 3 s to live. memcached's clock ticks in whole seconds; a refresh is handed out at
 * a tick and its fill lands right after, so from the first refresh on the refreshes fall in step
 * with the server's clock, `ttl s - exptime + 2` seconds before the entry's own expiry (measured:
 * 1000 ms at a 3 s TTL and 5 s TTL). With `R2` the refresh would come at the very moment the
 * entry expires, and readers would miss every TTL (measured: 16-42 misses per 3 TTLs, 8 readers).
 */
export const REFRESH_WINDOW_S = 3;

/** Least time between a refresh and the entry's own expiry, for the DB read and the fill. */
export const MIN_REFRESH_LEAD_MS = 250;

/**
 * The memcached exptime (seconds) for a TTL of `ttlMs` written at `nowMs`: the largest whose
 * refresh (see `REFRESH_WINDOW_S`) comes at least `MIN_REFRESH_LEAD_MS` before the entry's own
 * expiry. For a whole-second TTL that is `ttl + 1`: memcached, whose clock ticks in whole
 * seconds, drops the item between `ttl` and `ttl + 1` seconds later, never earlier than asked
 * (the value's own expiry makes reads after the precise deadline a miss), and a hot key is
 * refreshed 1 s before it expires, once per `ttl - 1 s` (1.003 DB reads per TTL at 300 s). A
 * TTL with a fraction of a second may lose up to 250 ms of it. Never less than
 * `REFRESH_WINDOW_S` (nor 0, "never expires"): an item born inside the refresh window would hand
 * the next reader a refresh, a DB read per fill. Beyond 30 days memcached reads the number as an
 * absolute Unix time, so that is what we send.
 */
export function memcacheExptime(ttlMs: number, nowMs: number): number {
  const refreshed = Math.floor((ttlMs - MIN_REFRESH_LEAD_MS) / 1000) + REFRESH_WINDOW_S - 1;
  return absoluteBeyond30Days(Math.max(refreshed, REFRESH_WINDOW_S), nowMs);
}

/**
 * The TTL (seconds) of the lease stub `mg … N<s>` creates for a lease of `leaseTtlMs`: rounded
 * up, never 0, absolute beyond 30 days.
 */
export function memcacheLeaseTtl(leaseTtlMs: number, nowMs: number): number {
  return memcacheWholeSeconds(leaseTtlMs, nowMs);
}

/**
 * The memcached exptime (seconds) for an item that must live at least `ttlMs` (its value
 * carries the precise expiry): rounded up, never 0, absolute beyond 30 days.
 */
export function memcacheWholeSeconds(ttlMs: number, nowMs: number): number {
  return absoluteBeyond30Days(Math.max(1, Math.ceil(ttlMs / 1000)), nowMs);
}

function absoluteBeyond30Days(seconds: number, nowMs: number): number {
  if (seconds <= MEMCACHE_MAX_RELATIVE_EXPTIME_S) return seconds;
  return Math.floor(nowMs / 1000) + seconds;
}
