import type { CacheEntry, CacheRead, CasToken } from '../cache-entry';
import { ValidationError } from '../errors';

/** Longest TTL a cache accepts: ten years. */
export const MAX_CACHE_TTL_MS = 10 * 365 * 24 * 60 * 60 * 1000;

/** Returns `ttlMs` if it is a whole number of milliseconds from 1 to `MAX_CACHE_TTL_MS`. */
export function parseCacheTtl(ttlMs: unknown): number {
  if (
    typeof ttlMs !== 'number' ||
    !Number.isInteger(ttlMs) ||
    ttlMs < 1 ||
    ttlMs > MAX_CACHE_TTL_MS
  ) {
    throw new ValidationError('ttlMs', `must be an integer from 1 to ${MAX_CACHE_TTL_MS}`);
  }
  return ttlMs;
}

/** Largest CAS token: memcached's CAS is an unsigned 64-bit integer. */
export const MAX_CAS_TOKEN = 2n ** 64n - 1n;

/** Returns `token` if it is a CAS token a cache can have handed out (1 to `MAX_CAS_TOKEN`). */
export function parseCasToken(token: unknown): CasToken {
  if (typeof token !== 'bigint' || token < 1n || token > MAX_CAS_TOKEN) {
    throw new ValidationError('token', 'must be a token from getIdentifiable or add');
  }
  return token;
}

/** The result of `getIdentifiable`: what is there, and the token to change it atomically. */
export interface IdentifiableRead {
  readonly read: CacheRead;
  /** Absent when nothing is stored under the key. */
  readonly token: CasToken | undefined;
}

/**
 * The cache of people, keyed by person id (the implementation owns the key scheme). Values are
 * `CacheEntry`s encoded with the model's codec. `add`, `getIdentifiable` and `putIfUntouched`
 * are atomic against every other client of the same store. Every method may reject with
 * `UnavailableError` (or `ValidationError` for arguments the store cannot represent); none
 * crashes the process or hangs past its timeout.
 */
export interface PersonCache {
  /** Reads one key. */
  get(id: string): Promise<CacheRead>;
  /** Reads many keys in one round trip; every id in `ids` has a result. */
  getMany(ids: readonly string[]): Promise<Map<string, CacheRead>>;
  /** Reads one key with its CAS token. */
  getIdentifiable(id: string): Promise<IdentifiableRead>;
  /** Stores unconditionally. */
  set(id: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  /** Stores only if nothing is there; returns the new entry's token, or `undefined` if not stored. */
  add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined>;
  /** Stores only if the entry is still the one `token` was read with; true if stored. */
  putIfUntouched(id: string, entry: CacheEntry, token: CasToken, ttlMs: number): Promise<boolean>;
  /** Removes the key (a no-op when absent). */
  delete(id: string): Promise<void>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}
