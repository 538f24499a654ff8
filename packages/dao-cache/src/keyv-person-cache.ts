import { randomBytes } from 'node:crypto';
import {
  booleanOption,
  type CacheEntry,
  type CacheRead,
  type CasToken,
  decodeCacheEntry,
  type IdentifiableRead,
  integerOption,
  MAX_CAS_TOKEN,
  MISS,
  objectOption,
  optionCheckedBy,
  optionsObject,
  type PersonCache,
  parseCasToken,
  parseOptions,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { CacheKeyScheme } from './key-scheme';
import { type AnyKeyvStore, KeyvTokenStore } from './keyv-token-store';
import { MemjsTokenStore, memjsClientOf } from './memjs-token-store';
import { DEFAULT_MAX_VALUE_BYTES, encodeStoredValue } from './stored-value';
import type { TokenStore } from './token-store';

const MISSING: IdentifiableRead = Object.freeze({ read: MISS, token: undefined });
const TOKEN = /^[1-9][0-9]{0,19}$/;

// Tokens are unique in the process (never reused for another write, even after a delete) and
// start at random so that two processes on one store are very unlikely to meet.
let lastToken = randomBytes(8).readBigUInt64BE() >> 2n;

/** Options of `KeyvPersonCache`. */
export interface KeyvPersonCacheOptions {
  /**
   * Any Keyv store; default: a private in-process `Map`. A store passed in stays its owner's
   * (`close()` leaves it open). An `@keyv/memcache` store is used through its memjs client, with
   * memcached's own add and CAS (and refused when that client fails over); any other store that
   * is not a `Map` is refused unless `storeIsPrivate` says no other process uses it.
   */
  readonly store?: AnyKeyvStore;
  /**
   * `true`: only this process uses `store`, so an in-process queue per key makes `add` and
   * `putIfUntouched` atomic. Needed for a store that is neither a `Map` nor `@keyv/memcache`
   * (e.g. an in-process LRU); never set it for a store other processes share. Default false.
   */
  readonly storeIsPrivate?: boolean;
  /** Key prefix, 1–100 of `A–Z a–z 0–9 _ - .`; default `person`. */
  readonly namespace?: string;
  /** Largest encoded value accepted; default the same as memcached's. */
  readonly maxValueBytes?: number;
}

const keyvOptionsSchema = optionsObject({
  store: objectOption<AnyKeyvStore>().optional(),
  storeIsPrivate: booleanOption(false),
  namespace: optionCheckedBy((namespace) => new CacheKeyScheme(namespace as string | undefined)),
  maxValueBytes: integerOption(1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_VALUE_BYTES),
});

/**
 * `PersonCache` on a Keyv store; with no store, an in-process `Map` (the embedded default of
 * the demo). Same key scheme, value codec, size limit and millisecond TTLs as
 * `MemcachePersonCache`: the value keeps its precise expiry, so sub-second TTLs work on every
 * store.
 *
 * Each stored value carries a CAS token (`<token> <value>`), new on every write. `add` and
 * `putIfUntouched` are atomic against every other client of the same store: on `@keyv/memcache`
 * through memcached's own add and CAS (`MemjsTokenStore`), on a store only this process uses
 * through a queue per key shared by every `KeyvPersonCache` of the process on that store object
 * (`KeyvTokenStore`). A shared store without such operations is refused at construction rather
 * than letting two processes both win a lease.
 *
 * Keyv's own behaviour stays on the in-process stores: the `Map` drops an expired entry when it
 * is read. Store failures reject with `UnavailableError('cache')`.
 */
export class KeyvPersonCache implements PersonCache {
  readonly #store: TokenStore;
  readonly #keys: CacheKeyScheme;
  readonly #maxValueBytes: number;
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's own type for an in-process store
  readonly #ownMap: Map<any, any> | undefined;
  #closed = false;

  /**
   * Throws `ValidationError` for a bad namespace or size limit, a memcached store whose client
   * fails over, and a store that may be shared but offers no atomic operations.
   */
  constructor(options: KeyvPersonCacheOptions = {}) {
    const o = parseOptions(keyvOptionsSchema, options);
    this.#keys = o.namespace;
    this.#maxValueBytes = o.maxValueBytes;
    const store = o.store ?? new Map();
    this.#ownMap = o.store === undefined ? (store as Map<string, unknown>) : undefined;
    this.#store = tokenStoreFor(store, o.storeIsPrivate);
  }

  async get(id: string): Promise<CacheRead> {
    return (await this.getIdentifiable(id)).read;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, CacheRead>> {
    if (!Array.isArray(ids)) throw new ValidationError('ids', 'must be an array');
    const keys = new Map<string, string>();
    for (const id of ids) if (!keys.has(id)) keys.set(id, this.#keys.key(id));
    const reads = new Map<string, CacheRead>();
    if (keys.size === 0) return reads;
    this.#checkOpen();
    const raws = await this.#store.getMany([...keys.values()]);
    const now = Date.now();
    let index = 0;
    for (const id of keys.keys()) reads.set(id, parseStored(raws[index++], id, now).read);
    return reads;
  }

  async getIdentifiable(id: string): Promise<IdentifiableRead> {
    const key = this.#keys.key(id);
    this.#checkOpen();
    return parseStored(await this.#store.get(key), id, Date.now());
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    const [key, value] = this.#encode(id, entry, ttlMs);
    await this.#store.set(key, stamp(nextToken(), value), ttlMs);
  }

  async add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined> {
    const [key, value] = this.#encode(id, entry, ttlMs);
    const token = nextToken();
    const stamped = stamp(token, value);
    if (await this.#store.add(key, stamped, ttlMs)) return token;
    // The store still holds an item: an entry past its own expiry may be replaced, atomically.
    const expired = (current: string | undefined) =>
      current !== undefined && parseStored(current, id, Date.now()).read.kind === 'miss';
    return (await this.#store.replaceIf(key, expired, stamped, ttlMs)) ? token : undefined;
  }

  async putIfUntouched(
    id: string,
    entry: CacheEntry,
    token: CasToken,
    ttlMs: number,
  ): Promise<boolean> {
    parseCasToken(token);
    const [key, value] = this.#encode(id, entry, ttlMs);
    const untouched = (current: string | undefined) =>
      current !== undefined && parseStored(current, id, Date.now()).token === token;
    return this.#store.replaceIf(key, untouched, stamp(nextToken(), value), ttlMs);
  }

  async delete(id: string): Promise<void> {
    const key = this.#keys.key(id);
    this.#checkOpen();
    await this.#store.delete(key);
  }

  /**
   * Stops this cache; later calls reject with `UnavailableError`. The private default `Map` is
   * emptied; a store passed in is left as it is. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#ownMap?.clear();
  }

  #encode(id: string, entry: CacheEntry, ttlMs: number): [string, string] {
    const key = this.#keys.key(id);
    const { value } = encodeStoredValue(id, entry, ttlMs, Date.now(), this.#maxValueBytes);
    this.#checkOpen();
    return [key, value];
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('cache', 'the cache is closed');
  }
}

/** How the cache reaches `store`, atomically against every client that may share it. */
function tokenStoreFor(store: AnyKeyvStore, storeIsPrivate: boolean): TokenStore {
  const memjs = memjsClientOf(store);
  if (memjs) return new MemjsTokenStore(memjs);
  if (store instanceof Map || storeIsPrivate) return new KeyvTokenStore(store);
  throw new ValidationError(
    'store',
    'may be shared by other processes and offers no atomic add or compare-and-set through ' +
      'Keyv, so two processes could both win a lease; use @keyv/memcache (or ' +
      'MemcachePersonCache), or pass storeIsPrivate: true if only this process uses it',
  );
}

function nextToken(): CasToken {
  lastToken += 1n;
  return lastToken;
}

function stamp(token: CasToken, value: string): string {
  return `${token} ${value}`;
}

/** Splits `<token> <value>`; anything else under our key reads as `corrupt`, without a token. */
function parseStored(raw: unknown, id: string, now: number): IdentifiableRead {
  if (raw === undefined || raw === null) return MISSING;
  if (typeof raw !== 'string') return foreign('not a string');
  const space = raw.indexOf(' ');
  const tokenText = space === -1 ? '' : raw.slice(0, space);
  if (!TOKEN.test(tokenText)) return foreign('no CAS token');
  const token = BigInt(tokenText);
  if (token > MAX_CAS_TOKEN) return foreign('CAS token out of range');
  return { read: decodeCacheEntry(raw.slice(space + 1), id, now), token };
}

function foreign(reason: string): IdentifiableRead {
  return {
    read: { kind: 'corrupt', reason: `not a KeyvPersonCache value: ${reason}` },
    token: undefined,
  };
}
