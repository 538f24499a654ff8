import {
  type CacheEntry,
  type CacheRead,
  type CacheTopology,
  type CasToken,
  type IdentifiableRead,
  type LeaseRead,
  type PersonCache,
  parseCacheTtl,
  parseCasToken,
  UnavailableError,
} from '@cachetoggle/model';
import { tokenCas, tokenEpoch } from './memcache/cas-token';
import { MemcacheCluster } from './memcache/memcache-cluster';
import { metaKeyRequest, metaSetRequest } from './memcache/meta-request';
import type { SettlingReply } from './memcache/settling-reply';
import { readBatch } from './memcache-batch-read';
import {
  MEMCACHE_MAX_RELATIVE_EXPTIME_S,
  memcacheExptime,
  memcacheLeaseTtl,
  REFRESH_WINDOW_S,
} from './memcache-expiry';
import {
  type MemcachePersonCacheOptions,
  resolveMemcacheOptions,
} from './memcache-person-cache-options';
import { GetReply, IdentifiableReply, LeaseReadReply } from './memcache-read-replies';
import { MemcacheTopology } from './memcache-topology';
import { DeleteReply, StoreReply } from './memcache-write-replies';
import { encodeStoredValue } from './stored-value';

/**
 * `PersonCache` on memcached's meta protocol, over connections of its own (one per server, see
 * memcache/). Every operation is one request, and the requests of one tick leave in one write:
 *
 * - `get` is `mg v`; `getIdentifiable` is `mg v c`; `getMany` is one batch of quiet `mg` closed
 *   by `mn` per server.
 * - `getOrLease` is `mg v c N<lease s> R3`: a miss takes the lease in the same request (the
 *   stub memcached creates answers `W` to exactly one client), and a fresh value about to expire
 *   hands one client its `refresh` (see `REFRESH_WINDOW_S`). `getManyOrLease` batches it.
 * - `set` is `ms T`; `add` is `ms ME` (an entry whose own expiry passed but that memcached still
 *   holds counts as absent, and is replaced through its CAS, still atomically);
 *   `putIfUntouched` is `ms C<cas>`; `delete` is `md` (which removes a lease stub too).
 * - Tokens carry the connection they were read on; a token from an earlier connection (the
 *   server restarted, or the connection failed) makes `putIfUntouched` false without sending
 *   anything, since memcached numbers CAS values from 1 again after a restart.
 * - TTLs are milliseconds: the value keeps its precise expiry (reads after it are a miss) and
 *   memcached gets `memcacheExptime` seconds, as an absolute time beyond 30 days.
 *
 * Ids the key scheme cannot represent and values over `maxValueBytes` reject with
 * `ValidationError` before anything is sent. Every other failure (refused, timed out, server
 * gone, unexpected answer) rejects with `UnavailableError('cache')` within about `timeoutMs`
 * and affects only the keys of that server; a server that comes back is used again.
 */
export class MemcachePersonCache implements PersonCache {
  readonly #cluster: MemcacheCluster;
  readonly #topology: MemcacheTopology;
  readonly #maxValueBytes: number;
  readonly #refreshFlag: string;
  #leaseTtlMs = 0;
  #leaseFlags = '';
  #locatedId: string | undefined;
  #locatedKey = '';
  #locatedServer = 0;

  constructor(options: MemcachePersonCacheOptions) {
    const resolved = resolveMemcacheOptions(options);
    this.#maxValueBytes = resolved.maxValueBytes;
    this.#refreshFlag = resolved.refreshAhead ? ` R${REFRESH_WINDOW_S}` : '';
    this.#cluster = new MemcacheCluster(resolved.timeoutMs);
    this.#topology = new MemcacheTopology(this.#cluster, resolved.keys.namespace, resolved.servers);
  }

  get(id: string): Promise<CacheRead> {
    return this.#sendFor(new GetReply(id), 'mg', id, 'v');
  }

  getOrLease(id: string, leaseTtlMs: number): Promise<LeaseRead> {
    let flags: string;
    try {
      flags = this.#leaseReadFlags(leaseTtlMs);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#sendFor(new LeaseReadReply(id), 'mg', id, flags);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, CacheRead>> {
    // Without a lease the batch yields only hits and misses: `CacheRead`s.
    const reads = await readBatch(this.#cluster, this.#topology.current, ids, 'v q', false);
    return reads as Map<string, CacheRead>;
  }

  async getManyOrLease(
    ids: readonly string[],
    leaseTtlMs: number,
  ): Promise<Map<string, LeaseRead>> {
    return readBatch(
      this.#cluster,
      this.#topology.current,
      ids,
      this.#leaseReadFlags(leaseTtlMs),
      true,
    );
  }

  getIdentifiable(id: string): Promise<IdentifiableRead> {
    return this.#sendFor(new IdentifiableReply(id), 'mg', id, 'v c');
  }

  async set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    await this.#store('set', id, entry, ttlMs, '');
  }

  async add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined> {
    const token = await this.#store('add', id, entry, ttlMs, 'ME ');
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

  delete(id: string): Promise<void> {
    const deleted = this.#sendFor(new DeleteReply(), 'md', id, '');
    if (id === this.#locatedId) {
      this.#topology.deleteAtPreviousOwner(id, {
        key: this.#locatedKey,
        slot: this.#locatedServer,
      });
    }
    return deleted;
  }

  /**
   * The server (`host:port`) that holds `id`'s key. Throws `ValidationError` for an id the key
   * scheme cannot represent.
   */
  serverOf(id: string): string {
    this.#locate(id);
    return this.#cluster.serverName(this.#locatedServer);
  }

  /** The servers keys are placed on now (`host:port`, sorted). */
  servers(): readonly string[] {
    return this.#topology.current.servers;
  }

  /**
   * Places keys by `topology` from now on (see `PersonCache.useTopology`). Keys carry the
   * topology's epoch in their namespace (`<namespace>#<epoch>:<id>` above epoch 1): the epoch
   * moves whenever a server is added, so that no entry left on a server before a change can be
   * read after a later one; the keys of epoch 1 are the keys without a topology. Throws
   * `ValidationError` for servers that are not `host:port` names or a bad `transitionMs`.
   */
  async useTopology(topology: CacheTopology, transitionMs: number): Promise<void> {
    if (this.#topology.use(topology, transitionMs)) this.#locatedId = undefined;
  }

  /** Stops this cache: requests in flight and later calls reject with `UnavailableError`. Idempotent. */
  async close(): Promise<void> {
    this.#topology.close();
    this.#cluster.close();
  }

  /**
   * The key of `id`, with its server in `#locatedServer`; throws `ValidationError` for an id
   * without a key. The last id is remembered: the service asks `serverOf(id)` and then reads
   * `id`, and with several servers each lookup costs an MD5.
   */
  #locate(id: string): string {
    if (id !== this.#locatedId) {
      const placement = this.#topology.current;
      const key = placement.keys.key(id);
      this.#locatedServer = placement.slotFor(key);
      this.#locatedKey = key;
      this.#locatedId = id;
    }
    return this.#locatedKey;
  }

  /** Sends `<command> <key of id> <flags>` for `reply`; an id without a key fails it, unsent. */
  #sendFor<T>(
    reply: SettlingReply<T>,
    command: 'mg' | 'md',
    id: string,
    flags: string,
  ): Promise<T> {
    let key: string;
    try {
      key = this.#locate(id);
    } catch (error) {
      reply.fail(error as Error);
      return reply.promise;
    }
    const request = metaKeyRequest(command, key, flags);
    reply.epoch = this.#cluster.send(this.#locatedServer, request, reply);
    return reply.promise;
  }

  async #store(
    operation: string,
    id: string,
    entry: CacheEntry,
    ttlMs: number,
    mode: string,
  ): Promise<CasToken | undefined> {
    return this.#send(operation, this.#encode(id, entry, ttlMs), mode);
  }

  /** `ms C<cas>`: the new token, or `undefined` when the item changed, is gone, or `token` is stale. */
  async #compareAndSet(
    id: string,
    entry: CacheEntry,
    token: CasToken,
    ttlMs: number,
  ): Promise<CasToken | undefined> {
    const stored = this.#encode(id, entry, ttlMs);
    if (this.#cluster.closed) throw new UnavailableError('cache', 'the cache client is closed');
    const cas = tokenCas(token);
    if (cas === 0n || tokenEpoch(token) !== this.#cluster.liveEpoch(stored.server)) {
      return undefined;
    }
    return this.#send('cas', stored, `C${cas} `);
  }

  /** Checks and encodes a store of `entry` under `id`'s key; throws `ValidationError`. */
  #encode(id: string, entry: CacheEntry, ttlMs: number): EncodedStore {
    const key = this.#locate(id);
    const server = this.#locatedServer;
    const now = Date.now();
    const { value, bytes } = encodeStoredValue(id, entry, ttlMs, now, this.#maxValueBytes);
    return { key, server, value, bytes, exptime: memcacheExptime(ttlMs, now) };
  }

  /** Sends an `ms` of `stored` with `mode` flags (`ME `, `C<cas> `, or none). */
  #send(operation: string, stored: EncodedStore, mode: string): Promise<CasToken | undefined> {
    const flags = `${mode}c T${stored.exptime}`;
    const reply = new StoreReply(operation);
    const request = metaSetRequest(stored.key, flags, stored.value, stored.bytes);
    reply.epoch = this.#cluster.send(stored.server, request, reply);
    return reply.promise;
  }

  /** `v c N<s> R3`, remembered for the last lease TTL (callers use one). */
  #leaseReadFlags(leaseTtlMs: number): string {
    if (leaseTtlMs === this.#leaseTtlMs) return this.#leaseFlags;
    const seconds = memcacheLeaseTtl(parseCacheTtl(leaseTtlMs), Date.now());
    const flags = `v c N${seconds}${this.#refreshFlag}`;
    if (seconds <= MEMCACHE_MAX_RELATIVE_EXPTIME_S) {
      this.#leaseTtlMs = leaseTtlMs;
      this.#leaseFlags = flags;
    }
    return flags;
  }
}

/** A store checked and encoded, ready to send. */
interface EncodedStore {
  readonly key: string;
  readonly server: number;
  readonly value: string;
  readonly bytes: number;
  readonly exptime: number;
}
