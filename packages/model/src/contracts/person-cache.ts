import type { CacheEntry, CacheRead, CasToken } from '../cache-entry';
import { ValidationError } from '../errors';
import type { CacheTopology } from './topology-store';

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

/**
 * Largest CAS token: 128 bits, memcached's 64-bit CAS and room above it for a cache to record
 * which connection handed the token out (memcached numbers CAS values from 1 again after a
 * restart, and a restart always breaks the connection).
 */
export const MAX_CAS_TOKEN = 2n ** 128n - 1n;

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

/** What `getOrLease` found under one key. */
export type LeaseRead =
  /** A hit, a miss no lease could be taken for, someone else's lease, or a corrupt value. */
  | CacheRead
  /**
   * Nothing usable was there and this caller won the lease in the same request: it reads the
   * DB and fills with `putIfUntouched(id, entry, token, ttlMs)`, which fails once a `delete`
   * (a write's invalidation) removed the lease. Other callers read a `lease` meanwhile.
   */
  | { readonly kind: 'leased'; readonly token: CasToken }
  /**
   * A hit close to its expiry, and this caller (one in the whole cluster) won the right to
   * refresh it: serve `entry` now, then read the DB and replace it with
   * `putIfUntouched(id, entry, token, ttlMs)`. Other callers keep reading `entry` meanwhile.
   */
  | { readonly kind: 'refresh'; readonly entry: StoredEntry; readonly token: CasToken };

/** An entry a reader can serve: a person or a tombstone. */
export type StoredEntry = Exclude<CacheEntry, { kind: 'lease' }>;

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
  /**
   * Optional: reads one key and, when nothing usable is there, takes the lease in the same
   * request (memcached's `mg … N`), atomically against every other client: of the callers that
   * miss, exactly one gets `leased` until the lease is filled, deleted or `leaseTtlMs` passes.
   * A cache that offers it offers `getManyOrLease` too; without them the service takes leases
   * with `add`.
   */
  getOrLease?(id: string, leaseTtlMs: number): Promise<LeaseRead>;
  /** Optional: `getOrLease` for many keys in one round trip per server; every id has a result. */
  getManyOrLease?(ids: readonly string[], leaseTtlMs: number): Promise<Map<string, LeaseRead>>;
  /**
   * Optional: the name of the server that holds `id`'s key. The service keeps one circuit
   * breaker and one invalidation retry queue per name, so a sick server costs only its own
   * keys. Synchronous, cheap, and the same for the same id until `useTopology` changes it.
   */
  serverOf?(id: string): string;
  /**
   * Optional, with `useTopology`: the servers this cache places keys on now, as `serverOf`
   * names them (the service proposes them as the fleet's topology at start).
   */
  servers?(): readonly string[];
  /**
   * Optional: places keys by `topology` from now on (a generation other than the current one;
   * the same generation again is a no-op). Reads and fills go to the new owner of a key at
   * once; for `transitionMs` after the call a `delete` also removes the key at its owner in
   * `topology.previous`, where processes that have not switched yet still read (best
   * effort: they read there only until they switch). Connections to servers in neither list
   * are closed; new ones open on first use. Throws `ValidationError` for a topology whose
   * servers this cache cannot reach by name.
   */
  useTopology?(topology: CacheTopology, transitionMs: number): Promise<void>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}
