import { type CacheEntry, MAX_CACHE_TTL_MS, type Person } from '@cachetoggle/model';

/** The TTL of most entries the cache suites store: long enough to outlive any test. */
export const MINUTE = 60_000;

/** TTLs every method taking one must refuse with a `ValidationError`. */
export const INVALID_TTLS: readonly unknown[] = [
  0,
  -1,
  Number.NaN,
  1.5,
  Infinity,
  MAX_CACHE_TTL_MS + 1,
  '100',
];

/** A tombstone, as a fresh object (the suites compare by value). */
export const TOMBSTONE: CacheEntry = { kind: 'tombstone' };

/** A lease held by `owner`. */
export const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });

/** Ada Lovelace at version 1 under `id`, with `overrides`. */
export const person = (id: string, overrides: Partial<Person> = {}): CacheEntry => ({
  kind: 'person',
  person: { id, firstName: 'Ada', lastName: 'Lovelace', version: 1, ...overrides },
});
