import {
  type CacheEntry,
  type CacheRead,
  type CasToken,
  decodeCacheEntry,
  encodeCacheEntry,
  type IdentifiableRead,
  type LeaseRead,
  MISS,
  type PersonCache,
  parseCacheEntry,
  parseCacheTtl,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { FakeItemStore, type StoredItem } from './fake-item-store';
import { stableServerOf } from './fake-server-placement';

/** Options of `FakePersonCache`. */
export interface FakePersonCacheOptions {
  /** The clock, in epoch milliseconds; default `Date.now`. Tests pass a manual one. */
  readonly now?: () => number;
  /**
   * The store forgets an item at its TTL rounded up to this many milliseconds; default 1
   * (exact). 1000 imitates memcached, which counts whole seconds: an entry can then read as a
   * miss (the codec's own expiry has passed) while it still blocks an `add`.
   */
  readonly storeExpiryGranularityMs?: number;
  /**
   * Offer `getOrLease` and `getManyOrLease` (memcached's `mg … N R`); default false, so the
   * service takes leases with `add`.
   */
  readonly readOrLease?: boolean;
  /**
   * With `readOrLease`: the first `getOrLease` of an entry this close to being forgotten wins
   * the right to refresh it (`refresh`; an entry already expired by its own clock is `leased`
   * instead); default 0, never.
   */
  readonly refreshWindowMs?: number;
  /** Offer `serverOf`, spreading the keys over these server names (a stable hash). */
  readonly servers?: readonly string[];
}

/**
 * An in-memory `PersonCache` with the real semantics: values are stored encoded with the model
 * codec (so a test can plant corrupt bytes), every store gets a fresh CAS token, `add` and
 * `putIfUntouched` are atomic, and TTLs are kept both in the value (codec expiry) and by the
 * store. Calls after `close()` fail with `UnavailableError`. The optional methods of the
 * contract are there only when asked for, as the service decides by their presence.
 */
export class FakePersonCache implements PersonCache {
  /** Present with `readOrLease`: exactly one of the callers that miss wins the lease. */
  readonly getOrLease?: (id: string, leaseTtlMs: number) => Promise<LeaseRead>;
  /** Present with `readOrLease`. */
  readonly getManyOrLease?: (
    ids: readonly string[],
    leaseTtlMs: number,
  ) => Promise<Map<string, LeaseRead>>;
  /** Present with `servers`. */
  readonly serverOf?: (id: string) => string;
  readonly #items: FakeItemStore;
  readonly #now: () => number;
  readonly #refreshWindowMs: number;
  #closed = false;

  constructor(options: FakePersonCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#items = new FakeItemStore(this.#now, options.storeExpiryGranularityMs ?? 1);
    this.#refreshWindowMs = options.refreshWindowMs ?? 0;
    if (options.readOrLease) {
      this.getOrLease = async (id, leaseTtlMs) => {
        this.#checkOpen();
        return this.#readOrLease(checkId(id), parseCacheTtl(leaseTtlMs));
      };
      this.getManyOrLease = async (ids, leaseTtlMs) => {
        this.#checkOpen();
        if (!Array.isArray(ids)) throw new ValidationError('ids', 'must be an array');
        const ttl = parseCacheTtl(leaseTtlMs);
        const reads = new Map<string, LeaseRead>();
        // An id asked for twice is read (and leased) once, as one request to memcached would.
        for (const id of ids) {
          if (!reads.has(checkId(id))) reads.set(id, this.#readOrLease(id, ttl));
        }
        return reads;
      };
    }
    if (options.servers !== undefined) this.serverOf = stableServerOf(options.servers);
  }

  async get(id: string): Promise<CacheRead> {
    this.#checkOpen();
    return this.#read(checkId(id));
  }

  async getMany(ids: readonly string[]): Promise<Map<string, CacheRead>> {
    this.#checkOpen();
    if (!Array.isArray(ids)) throw new ValidationError('ids', 'must be an array');
    const reads = new Map<string, CacheRead>();
    for (const id of ids) reads.set(checkId(id), this.#read(id));
    return reads;
  }

  async getIdentifiable(id: string): Promise<IdentifiableRead> {
    this.#checkOpen();
    const item = this.#items.live(checkId(id));
    return { read: item ? this.#decode(item, id) : MISS, token: item?.token };
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    this.#checkOpen();
    this.#items.put(checkId(id), encode(id, entry, ttlMs, this.#now()), ttlMs);
  }

  async add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined> {
    this.#checkOpen();
    const raw = encode(checkId(id), entry, ttlMs, this.#now());
    if (this.#items.live(id)) return undefined;
    return this.#items.put(id, raw, ttlMs);
  }

  async putIfUntouched(
    id: string,
    entry: CacheEntry,
    token: CasToken,
    ttlMs: number,
  ): Promise<boolean> {
    this.#checkOpen();
    const raw = encode(checkId(id), entry, ttlMs, this.#now());
    if (typeof token !== 'bigint') throw new ValidationError('token', 'must be a bigint');
    if (this.#items.live(id)?.token !== token) return false;
    this.#items.put(id, raw, ttlMs);
    return true;
  }

  async delete(id: string): Promise<void> {
    this.#checkOpen();
    this.#items.delete(checkId(id));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  /** Stores `raw` as it is (e.g. a corrupt value; bytes are read as UTF-8); for test setup. */
  plant(id: string, raw: string | Uint8Array, ttlMs = 60_000): void {
    this.#items.put(id, typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'), ttlMs);
  }

  /** The stored bytes, or `undefined`; does not count as a call. */
  raw(id: string): string | undefined {
    return this.#items.live(id)?.raw;
  }

  /** What a `get` would return now, without being a call. */
  peek(id: string): CacheRead {
    return this.#read(id);
  }

  /** Number of items the store still holds. */
  get size(): number {
    return this.#items.size;
  }

  // memcached's `mg <key> v c N<lease> R<window>`: a miss stores an empty lease stub and wins
  // it; an entry within the refresh window hands one caller the right to replace it; anything
  // else reads as `get` does (a stub is someone else's lease).
  #readOrLease(id: string, leaseTtlMs: number): LeaseRead {
    const item = this.#items.live(id);
    if (item === undefined) {
      const owner = `getOrLease-${this.#items.nextToken}`;
      const raw = encode(id, { kind: 'lease', owner }, leaseTtlMs, this.#now());
      return { kind: 'leased', token: this.#items.put(id, raw, leaseTtlMs) };
    }
    const read = this.#decode(item, id);
    const refreshable = read.kind === 'person' || read.kind === 'tombstone' || read.kind === 'miss';
    if (!refreshable || item.refreshTaken || item.forgetAtMs - this.#now() >= this.#refreshWindowMs)
      return read;
    item.refreshTaken = true;
    if (read.kind === 'miss') return { kind: 'leased', token: item.token };
    return { kind: 'refresh', entry: read, token: item.token };
  }

  #read(id: string): CacheRead {
    const item = this.#items.live(id);
    return item ? this.#decode(item, id) : MISS;
  }

  #decode(item: StoredItem, id: string): CacheRead {
    return decodeCacheEntry(item.raw, id, this.#now());
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('cache', 'closed');
  }
}

// Like the real caches, any id with a key is accepted (a DAO may be called with ids the model
// would reject): any non-empty, well-formed string.
function checkId(id: string): string {
  if (typeof id !== 'string' || id.length === 0 || !id.isWellFormed()) {
    throw new ValidationError('id', 'must be a non-empty, well-formed string');
  }
  return id;
}

function encode(id: string, entry: CacheEntry, ttlMs: number, nowMs: number): string {
  const ttl = parseCacheTtl(ttlMs);
  return encodeCacheEntry(parseCacheEntry(id, entry), nowMs + ttl);
}
