import {
  type CacheEntry,
  type CacheRead,
  type CasToken,
  decodeCacheEntry,
  type IdentifiableRead,
  MISS,
  type PersonCache,
  parseCasToken,
  ValidationError,
} from '@cachetoggle/model';
import { KeyvMemcache } from '@keyv/memcache';
import { CacheKeyScheme } from './key-scheme';
import { keyRequest, Opcode, readCas, Status, storeRequest } from './memcache-binary-protocol';
import { memcacheExptime } from './memcache-expiry';
import { MemcacheTransport, unexpectedStatus } from './memcache-transport';
import type { MemjsResponse } from './memjs-internals';
import { DEFAULT_MAX_VALUE_BYTES, encodeStoredValue } from './stored-value';

/** Default time a memcached operation may take before it fails, in milliseconds. */
export const DEFAULT_MEMCACHE_TIMEOUT_MS = 100;

/**
 * memjs times requests out with a socket idle timer, which fires before the answers already
 * waiting on the socket are read when the event loop stalls (stalls of 90–120 ms measured on a
 * busy 2-core machine made 100 ms requests fail spuriously). The transport's watchdog, which
 * counts event-loop turns, enforces `timeoutMs`; memjs' own timer is only the last resort.
 */
const MEMJS_TIMEOUT_FACTOR = 4;
const MISSING: IdentifiableRead = Object.freeze({ read: MISS, token: undefined });
const SILENT_LOGGER = { log: () => {} };

/** Options of `MemcachePersonCache`: the servers to connect to, or a store to borrow. */
export type MemcachePersonCacheOptions = (
  | {
      /** `host:port[,host:port...]` (memjs also accepts `user:pass@host:port` for SASL). */
      readonly servers: string;
      readonly store?: undefined;
    }
  | {
      /**
       * An existing store whose memjs client is used (its connections get the repairs of
       * memjs-repair.ts); its owner keeps and closes it.
       */
      readonly store: KeyvMemcache;
      readonly servers?: undefined;
    }
) & {
  /** Key prefix, 1–100 of `A–Z a–z 0–9 _ - .`; default `person`. */
  readonly namespace?: string;
  /** Per-operation timeout in ms (connect and answer); default 100. */
  readonly timeoutMs?: number;
  /** Largest encoded value accepted; default just under memcached's 1 MiB item limit. */
  readonly maxValueBytes?: number;
};

/**
 * `PersonCache` on memcached, over the memjs client of an `@keyv/memcache` store but without
 * keyv's API (which floors TTLs to seconds, doubles and trims keys, turns errors into misses,
 * deletes after every miss and has no multi-get or CAS). Requests go to memcached's binary
 * protocol directly:
 *
 * - `get` / `getIdentifiable`: one get; the response carries the CAS token.
 * - `getMany`: quiet gets plus a noop, one round trip per server.
 * - `add`: memcached's add, whose answer carries the new item's CAS. An entry whose own expiry
 *   has passed but that memcached still holds (it keeps items up to two seconds longer) counts
 *   as absent: it is replaced through gets + cas, still atomically.
 * - `putIfUntouched`: a set carrying the CAS (`false` when the item changed or is gone).
 * - TTLs are milliseconds: the value keeps its precise expiry (reads after it are a miss) and
 *   memcached gets `ceil(ttl / 1 s) + 1` seconds, as an absolute time beyond 30 days.
 *
 * Ids the key scheme cannot represent and values over `maxValueBytes` reject with
 * `ValidationError` before anything is sent (from `set`, `add` and `putIfUntouched` alike).
 * Every other failure (refused, timed out, server gone, unexpected status) rejects with
 * `UnavailableError('cache')` within about `timeoutMs`; a server that comes back is used again.
 */
export class MemcachePersonCache implements PersonCache {
  readonly #keys: CacheKeyScheme;
  readonly #transport: MemcacheTransport;
  readonly #maxValueBytes: number;

  constructor(options: MemcachePersonCacheOptions) {
    this.#keys = new CacheKeyScheme(options.namespace);
    this.#maxValueBytes = positiveInteger(
      'maxValueBytes',
      options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
    );
    const timeoutMs = positiveInteger(
      'timeoutMs',
      options.timeoutMs ?? DEFAULT_MEMCACHE_TIMEOUT_MS,
    );
    let store = options.store;
    if (store === undefined) {
      checkServers(options.servers);
      store = new KeyvMemcache(options.servers, {
        timeout: (timeoutMs * MEMJS_TIMEOUT_FACTOR) / 1000,
        conntimeout: timeoutMs / 1000,
        retries: 1,
        logger: SILENT_LOGGER,
      });
    }
    this.#transport = new MemcacheTransport(store.client, {
      timeoutMs,
      ownsClient: options.store === undefined,
    });
  }

  get(id: string): Promise<CacheRead> {
    let key: string;
    try {
      key = this.#keys.key(id);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#transport.perform(key, keyRequest(Opcode.get, key), (response) => {
      const { status } = response.header;
      if (status === Status.ok) return decodeCacheEntry(response.val.toString('utf8'), id);
      if (status === Status.keyNotFound) return MISS;
      throw unexpectedStatus('get', status);
    });
  }

  async getMany(ids: readonly string[]): Promise<Map<string, CacheRead>> {
    if (!Array.isArray(ids)) throw new ValidationError('ids', 'must be an array');
    const keys = new Map<string, string>();
    for (const id of ids) if (!keys.has(id)) keys.set(id, this.#keys.key(id));
    const reads = new Map<string, CacheRead>();
    if (keys.size === 0) return reads;
    const found = await this.#transport.multiGet([...keys.values()]);
    const now = Date.now();
    for (const [id, key] of keys) {
      const response = found.get(key);
      reads.set(id, response ? decodeCacheEntry(response.val.toString('utf8'), id, now) : MISS);
    }
    return reads;
  }

  async getIdentifiable(id: string): Promise<IdentifiableRead> {
    const key = this.#keys.key(id);
    return this.#transport.perform(key, keyRequest(Opcode.get, key), (response) => {
      const { status } = response.header;
      if (status === Status.keyNotFound) return MISSING;
      if (status !== Status.ok) throw unexpectedStatus('get', status);
      const read = decodeCacheEntry(response.val.toString('utf8'), id);
      return { read, token: readCas(response.header.cas) };
    });
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    const [key, request] = this.#storeRequest(Opcode.set, id, entry, ttlMs, 0n);
    await this.#transport.perform(key, request, (response) => {
      if (response.header.status !== Status.ok) throw storeFailure('set', response);
    });
  }

  async add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined> {
    const [key, request] = this.#storeRequest(Opcode.add, id, entry, ttlMs, 0n);
    const token = await this.#transport.perform(key, request, (response) => {
      const { status } = response.header;
      if (status === Status.ok) return readCas(response.header.cas);
      if (status === Status.keyExists || status === Status.itemNotStored) return undefined;
      throw storeFailure('add', response);
    });
    if (token !== undefined) return token;
    const current = await this.getIdentifiable(id);
    if (current.read.kind !== 'miss' || current.token === undefined) return undefined;
    return this.#compareAndSet(id, entry, current.token, ttlMs);
  }

  async putIfUntouched(
    id: string,
    entry: CacheEntry,
    token: CasToken,
    ttlMs: number,
  ): Promise<boolean> {
    parseCasToken(token);
    return (await this.#compareAndSet(id, entry, token, ttlMs)) !== undefined;
  }

  async delete(id: string): Promise<void> {
    const key = this.#keys.key(id);
    await this.#transport.perform(key, keyRequest(Opcode.delete, key), (response) => {
      const { status } = response.header;
      if (status !== Status.ok && status !== Status.keyNotFound) {
        throw unexpectedStatus('delete', status);
      }
    });
  }

  /**
   * Stops this cache; later calls reject with `UnavailableError`. Closes the connections it
   * opened itself (in-flight requests reject), but not those of a store passed in. Idempotent.
   */
  async close(): Promise<void> {
    this.#transport.close();
  }

  /** A set with `cas`: the new token, or `undefined` when the item changed or is gone. */
  #compareAndSet(
    id: string,
    entry: CacheEntry,
    cas: CasToken,
    ttlMs: number,
  ): Promise<CasToken | undefined> {
    const [key, request] = this.#storeRequest(Opcode.set, id, entry, ttlMs, cas);
    return this.#transport.perform(key, request, (response) => {
      const { status } = response.header;
      if (status === Status.ok) return readCas(response.header.cas);
      if (status === Status.keyExists || status === Status.keyNotFound) return undefined;
      throw storeFailure('cas', response);
    });
  }

  #storeRequest(
    opcode: number,
    id: string,
    entry: CacheEntry,
    ttlMs: number,
    cas: bigint,
  ): [string, Buffer] {
    const key = this.#keys.key(id);
    const now = Date.now();
    const { value, bytes } = encodeStoredValue(id, entry, ttlMs, now, this.#maxValueBytes);
    return [key, storeRequest(opcode, key, value, bytes, memcacheExptime(ttlMs, now), cas)];
  }
}

function storeFailure(operation: string, response: MemjsResponse): Error {
  if (response.header.status === Status.valueTooLarge) {
    return new ValidationError('entry', 'is larger than the memcached server accepts');
  }
  return unexpectedStatus(operation, response.header.status);
}

const SERVER = /^(?:[^@,]*@)?[^@,:\s]+(?::(\d{1,5}))?$/;

/** memjs throws from deep inside a request on a port it cannot use; refuse it up front. */
function checkServers(servers: unknown): void {
  const valid =
    typeof servers === 'string' &&
    servers.split(',').every((server) => {
      const port = SERVER.exec(server)?.[1];
      return (
        SERVER.test(server) && (port === undefined || (Number(port) > 0 && Number(port) < 65536))
      );
    });
  if (!valid) throw new ValidationError('servers', 'must be "host:port[,host:port...]"');
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new ValidationError(field, 'must be a positive integer');
}
