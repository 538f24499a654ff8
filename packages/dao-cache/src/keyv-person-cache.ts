import { randomBytes } from 'node:crypto';
import {
  type CacheEntry,
  type CacheRead,
  type CasToken,
  decodeCacheEntry,
  type IdentifiableRead,
  isCacheToggleError,
  MAX_CAS_TOKEN,
  MISS,
  type PersonCache,
  parseCasToken,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { CacheKeyScheme } from './key-scheme';
import { KeyedMutex } from './keyed-mutex';
import { DEFAULT_MAX_VALUE_BYTES, encodeStoredValue } from './stored-value';

const MISSING: IdentifiableRead = Object.freeze({ read: MISS, token: undefined });
const TOKEN = /^[1-9][0-9]{0,19}$/;

// One queue per store object, so every KeyvPersonCache of this process on that store shares it.
const queues = new WeakMap<object, KeyedMutex>();
// Tokens are unique in the process (never reused for another write, even after a delete) and
// start at random so that two processes on one store are very unlikely to meet.
let lastToken = randomBytes(8).readBigUInt64BE() >> 2n;

/** Options of `KeyvPersonCache`. */
export interface KeyvPersonCacheOptions {
  /**
   * Any Keyv store; default: a private in-process `Map`. A store passed in stays its owner's
   * (`close()` leaves it open).
   */
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's own type for an in-process store
  readonly store?: KeyvStoreAdapter | Map<any, any>;
  /** Key prefix, 1–100 of `A–Z a–z 0–9 _ - .`; default `person`. */
  readonly namespace?: string;
  /** Largest encoded value accepted; default the same as memcached's. */
  readonly maxValueBytes?: number;
}

/**
 * `PersonCache` on any Keyv store; with no store, an in-process `Map` (the embedded default
 * of the demo). Same key scheme, value codec, size limit and millisecond TTLs as
 * `MemcachePersonCache`: the value keeps its precise expiry, so sub-second TTLs work on every
 * store. Keyv's own key prefix is off (the key scheme carries the namespace).
 *
 * Each stored value carries a CAS token (`<token> <value>`), new on every write. `set`, `add`,
 * `putIfUntouched` and `delete` run one at a time per key (a queue shared by every
 * `KeyvPersonCache` of this process on the same store object), which makes `add` and
 * `putIfUntouched` atomic WITHIN ONE PROCESS only: on a shared remote store (Redis, memcached
 * through Keyv) two processes can both win. For memcached use `MemcachePersonCache`, which uses
 * the server's own add and cas.
 *
 * Keyv's own behaviour stays: the in-process `Map` drops an expired entry when it is read, and
 * a remote store's TTL handling is that store's (`@keyv/memcache` floors TTLs to whole seconds,
 * so prefer `MemcachePersonCache` there). Store failures reject with `UnavailableError('cache')`.
 */
export class KeyvPersonCache implements PersonCache {
  readonly #keyv: Keyv<string>;
  readonly #keys: CacheKeyScheme;
  readonly #queue: KeyedMutex;
  readonly #maxValueBytes: number;
  readonly #getMany: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: Keyv's own type for an in-process store
  readonly #ownMap: Map<any, any> | undefined;
  #closed = false;

  constructor(options: KeyvPersonCacheOptions = {}) {
    this.#keys = new CacheKeyScheme(options.namespace);
    const max = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new ValidationError('maxValueBytes', 'must be a positive integer');
    }
    this.#maxValueBytes = max;
    const store = options.store ?? new Map();
    this.#ownMap = options.store === undefined ? (store as Map<string, unknown>) : undefined;
    let queue = queues.get(store);
    if (!queue) {
      queue = new KeyedMutex();
      queues.set(store, queue);
    }
    this.#queue = queue;
    this.#getMany = typeof (store as Partial<KeyvStoreAdapter>).getMany === 'function';
    this.#keyv = new Keyv<string>({
      store,
      namespace: undefined,
      useKeyPrefix: false,
      throwOnErrors: true,
      emitErrors: false,
      // An in-process Map holds values as they are; any other store gets Keyv's JSON.
      ...(store instanceof Map ? { serialize: undefined, deserialize: undefined } : {}),
    });
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
    const ordered = [...keys.values()];
    // Keyv's fallback for stores without getMany turns errors into misses; single gets do not.
    const raws = await this.#store(() =>
      this.#getMany
        ? this.#keyv.getMany(ordered)
        : Promise.all(ordered.map((key) => this.#keyv.get(key))),
    );
    const now = Date.now();
    let index = 0;
    for (const id of keys.keys()) reads.set(id, parseStored(raws[index++], id, now).read);
    return reads;
  }

  async getIdentifiable(id: string): Promise<IdentifiableRead> {
    return this.#read(this.#keys.key(id), id);
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    const [key, value] = this.#encode(id, entry, ttlMs);
    await this.#queue.run(key, () => this.#write(key, value, ttlMs));
  }

  async add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined> {
    const [key, value] = this.#encode(id, entry, ttlMs);
    return this.#queue.run(key, async () => {
      const current = await this.#read(key, id);
      if (current.read.kind !== 'miss') return undefined;
      return this.#write(key, value, ttlMs);
    });
  }

  async putIfUntouched(
    id: string,
    entry: CacheEntry,
    token: CasToken,
    ttlMs: number,
  ): Promise<boolean> {
    parseCasToken(token);
    const [key, value] = this.#encode(id, entry, ttlMs);
    return this.#queue.run(key, async () => {
      const current = await this.#read(key, id);
      if (current.token !== token) return false;
      await this.#write(key, value, ttlMs);
      return true;
    });
  }

  async delete(id: string): Promise<void> {
    const key = this.#keys.key(id);
    this.#checkOpen();
    await this.#queue.run(key, () => this.#store(() => this.#keyv.delete(key)));
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

  async #read(key: string, id: string): Promise<IdentifiableRead> {
    this.#checkOpen();
    const raw = await this.#store(() => this.#keyv.get(key));
    return parseStored(raw, id, Date.now());
  }

  async #write(key: string, value: string, ttlMs: number): Promise<CasToken> {
    lastToken += 1n;
    const token = lastToken;
    const stored = await this.#store(() => this.#keyv.set(key, `${token} ${value}`, ttlMs));
    if (!stored) throw new UnavailableError('cache', 'the Keyv store did not store the value');
    return token;
  }

  async #store<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isCacheToggleError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new UnavailableError('cache', message, { cause: error });
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('cache', 'the cache is closed');
  }
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
