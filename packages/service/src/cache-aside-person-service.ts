import {
  type CacheRead,
  type NewPerson,
  NotFoundError,
  type Person,
  type PersonCache,
  type PersonChanges,
  type PersonDb,
  parseNewPerson,
  parsePersonChanges,
  parsePersonId,
} from '@cachetoggle/model';
import { BatchRead } from './batch-read';
import { type BreakerState, CircuitBreaker } from './circuit-breaker';
import { GuardedCache } from './guarded-cache';
import { Invalidator } from './invalidator';
import { LeaseIssuer } from './lease';
import type { Logger } from './logger';
import type {
  PersonManyRead,
  PersonRead,
  PersonService,
  ReadOptions,
  ServiceMode,
  ServiceStats,
} from './person-service';
import type { ProtocolHooks } from './protocol-hooks';
import { RateLimitedWarnings } from './rate-limited-warnings';
import { type Lookup, ReadThrough, type StepHook } from './read-through';
import { parseExpectedVersion, parseIdBatch, parseServiceMode, parseUseDb } from './service-input';
import { type CacheAsidePersonServiceOptions, resolveServiceOptions } from './service-options';
import { ServiceCounters } from './service-stats';
import { SingleFlight } from './single-flight';
import { SharedTimeout } from './with-timeout';

const WARNING_INTERVAL_MS = 5_000;

/**
 * `PersonService` over any `PersonDb` and `PersonCache`, following the consistency protocol of
 * DESIGN.md: cache-aside reads with leases and in-process single-flight, tombstones for absent
 * people, DB-first writes followed by invalidation (retried while the cache is unreachable),
 * and a cache that can fail, hang or vanish without the caller ever seeing it (timeout, circuit
 * breaker, fallback to the DB). `useDb` sends reads straight to the DB.
 */
export class CacheAsidePersonService implements PersonService {
  readonly #db: PersonDb;
  readonly #cache: PersonCache;
  readonly #counters = new ServiceCounters();
  readonly #breaker: CircuitBreaker;
  readonly #timeout: SharedTimeout;
  readonly #guard: GuardedCache;
  readonly #invalidator: Invalidator;
  readonly #readThrough: ReadThrough;
  readonly #batch: BatchRead;
  readonly #flights = new SingleFlight<string, Lookup>();
  readonly #hooks: ProtocolHooks | undefined;
  readonly #onStep: StepHook;
  readonly #maxBatch: number;
  readonly #idGenerator: () => string;
  readonly #logger: Logger;
  #useDb: boolean;

  constructor(options: CacheAsidePersonServiceOptions) {
    const o = resolveServiceOptions(options);
    this.#db = o.db;
    this.#cache = o.cache;
    this.#useDb = o.useDb;
    this.#maxBatch = o.maxBatch;
    this.#idGenerator = o.idGenerator;
    this.#hooks = o.hooks;
    this.#onStep = o.hooks?.onStep?.bind(o.hooks);
    this.#logger = o.logger;
    this.#breaker = new CircuitBreaker(o.breaker, (state) => this.#breakerChanged(state));
    this.#timeout = new SharedTimeout(o.cacheTimeoutMs);
    const warnings = new RateLimitedWarnings(o.logger, WARNING_INTERVAL_MS);
    this.#guard = new GuardedCache(this.#breaker, this.#timeout, this.#counters, warnings);
    this.#invalidator = new Invalidator({
      cache: o.cache,
      guard: this.#guard,
      counters: this.#counters,
      warnings,
      onStep: this.#onStep,
      retry: o.invalidationRetry,
    });
    const parts = {
      db: o.db,
      cache: o.cache,
      guard: this.#guard,
      counters: this.#counters,
      leases: new LeaseIssuer(),
      onStep: this.#onStep,
      ttlMs: o.ttlMs,
      tombstoneTtlMs: o.tombstoneTtlMs,
      leaseTtlMs: o.leaseTtlMs,
      pollIntervalMs: o.leaseWait.pollIntervalMs,
      maxWaitMs: o.leaseWait.maxWaitMs,
    };
    this.#readThrough = new ReadThrough(parts);
    this.#batch = new BatchRead(parts, (id) => this.#invalidator.isPending(id));
  }

  get(id: string, options?: ReadOptions): Promise<PersonRead> {
    try {
      parsePersonId(id);
      if (parseUseDb(options, this.#useDb)) return this.#readDb(id);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#invalidator.isPending(id) || !this.#breaker.allowRequest()) {
      return this.#readWithoutFill(id);
    }
    // The hit path: the promise returned is the timeout race itself, settled by
    // #afterCacheRead; no other promise or closure is made per call.
    let answer: Promise<CacheRead>;
    try {
      answer = this.#cache.get(id);
    } catch (error) {
      return this.#afterCacheFailure(error, id);
    }
    return this.#timeout.race(answer, 'get', id, this.#afterCacheRead, this.#afterCacheFailure);
  }

  readonly #afterCacheRead = (read: CacheRead, id: string): PersonRead | Promise<PersonRead> => {
    this.#breaker.recordSuccess();
    if (read.kind === 'person') {
      this.#counters.hits++;
      return { person: read.person, source: 'cache' };
    }
    return this.#afterCacheMiss(read, id);
  };

  readonly #afterCacheFailure = (error: unknown, id: string): Promise<PersonRead> => {
    this.#guard.failed('get', error);
    return this.#readWithoutFill(id);
  };

  async #afterCacheMiss(read: CacheRead, id: string): Promise<PersonRead> {
    if (read.kind === 'tombstone') {
      this.#counters.hits++;
      this.#counters.tombstoneHits++;
      throw new NotFoundError(id);
    }
    this.#counters.misses++;
    return found(
      id,
      await this.#flights.run(id, (seal) => this.#readThrough.fetch(id, read, seal)),
    );
  }

  async #readWithoutFill(id: string): Promise<PersonRead> {
    return found(id, await this.#readThrough.readWithoutFill(id));
  }

  async #readDb(id: string): Promise<PersonRead> {
    this.#counters.dbReads++;
    return found(id, { person: await this.#db.get(id), source: 'db' });
  }

  async getMany(ids: readonly string[], options?: ReadOptions): Promise<PersonManyRead> {
    const unique = parseIdBatch(ids, this.#maxBatch);
    const useDb = parseUseDb(options, this.#useDb);
    if (unique.length === 0) return { people: [], missing: [] };
    let lookups: ReadonlyMap<string, Lookup>;
    if (useDb) {
      this.#counters.dbReads++;
      const rows = await this.#db.getMany(unique);
      lookups = new Map(unique.map((id) => [id, { person: rows.get(id), source: 'db' }]));
    } else {
      lookups = await this.#batch.read(unique);
    }
    const people: PersonRead[] = [];
    const missing: string[] = [];
    for (const id of unique) {
      const lookup = lookups.get(id);
      if (lookup?.person) people.push(lookup as PersonRead);
      else missing.push(id);
    }
    return { people, missing };
  }

  async create(input: NewPerson): Promise<Person> {
    const valid = parseNewPerson(input);
    const id = valid.id ?? parsePersonId(this.#idGenerator(), 'generated id');
    // A create invalidates too: the cache may hold a tombstone for this id.
    return this.#invalidator.write(id, () => this.#db.create({ ...valid, id }));
  }

  async update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    parsePersonId(id);
    const valid = parsePersonChanges(changes);
    const version = parseExpectedVersion(expectedVersion);
    return this.#invalidator.write(id, () => this.#db.update(id, valid, version));
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    parsePersonId(id);
    const version = parseExpectedVersion(expectedVersion);
    return this.#invalidator.write(id, () => this.#db.delete(id, version));
  }

  mode(): ServiceMode {
    return { useDb: this.#useDb };
  }

  setMode(mode: ServiceMode): void {
    this.#useDb = parseServiceMode(mode).useDb;
  }

  stats(): ServiceStats {
    return this.#counters.snapshot(this.#invalidator.pendingCount, this.#breaker.state);
  }

  async close(): Promise<void> {
    this.#invalidator.close();
  }

  #breakerChanged(state: BreakerState): void {
    if (state === 'open') {
      this.#logger.warn(
        { cooldownMs: this.#breaker.cooldownMs },
        'cache circuit opened; reading from the database',
      );
    } else if (state === 'closed') {
      this.#logger.warn({}, 'cache circuit closed; cache in use again');
      void this.#invalidator.retryNow();
    }
    this.#hooks?.onBreakerStateChange?.(state);
  }
}

function found(id: string, lookup: Lookup): PersonRead {
  if (lookup.person === undefined) throw new NotFoundError(id);
  return lookup as PersonRead;
}
