import {
  type NewPerson,
  type Person,
  type PersonCache,
  type PersonChanges,
  type PersonDb,
  parseExpectedVersion,
  parseIdList,
  parseNewPerson,
  parsePersonChanges,
  parsePersonId,
  parseServiceMode,
} from '@cachetoggle/model';
import { CacheAsideReads } from './cache-aside-reads';
import type { CacheServer } from './cache-server';
import { CacheServers } from './cache-servers';
import type { BreakerState } from './circuit-breaker';
import { Invalidator } from './invalidator';
import { LeaseIssuer } from './lease';
import type { Logger } from './logger';
import { ModeFollower } from './mode-follower';
import { NearCache } from './near-cache';
import { NearReads, type Reads } from './near-reads';
import { deliverOutboxPage } from './outbox-delivery';
import { type Outbox, OutboxFollower } from './outbox-follower';
import type {
  ModeStatus,
  PersonManyRead,
  PersonRead,
  PersonService,
  ReadOptions,
  ServiceMode,
  ServiceStats,
  TopologyStatus,
} from './person-service';
import type { ProtocolHooks } from './protocol-hooks';
import { RateLimitedWarnings } from './rate-limited-warnings';
import type { StepHook } from './read-through';
import { RecentInvalidations } from './recent-invalidations';
import { parseUseDb } from './service-input';
import {
  type CacheAsidePersonServiceOptions,
  type ResolvedServiceOptions,
  resolveServiceOptions,
} from './service-options';
import { ServiceCounters } from './service-stats';
import { TopologyFollower } from './topology-follower';
import { SharedTimeout } from './with-timeout';

const WARNING_INTERVAL_MS = 5_000;

/**
 * `PersonService` over any `PersonDb` and `PersonCache`: cache-aside reads with leases (taken
 * in the read itself when the cache offers `getOrLease`) and in-process single-flight,
 * tombstones for absent people, DB-first writes followed by invalidation (retried while the
 * cache is unreachable), and a cache that can fail, hang or vanish without the caller ever
 * seeing it (timeout, circuit breaker, fallback to the DB). Each cache server the cache names
 * (`serverOf`) has its own breaker and retry queue, so a sick server costs only its own keys.
 * `useDb` sends reads straight to the DB. Over a `PersonDb` with an outbox, the service also
 * follows it: a write committed by any process (or after its caller gave up) is invalidated in
 * this process's cache within about `outbox.pollIntervalMs`; so is the optional in-process near
 * cache (`nearCache`) in front of the cache.
 */
export class CacheAsidePersonService implements PersonService {
  readonly #db: PersonDb;
  readonly #cache: PersonCache;
  readonly #owns: ResolvedServiceOptions['owns'];
  #closing: Promise<void> | undefined;
  readonly #counters = new ServiceCounters();
  readonly #servers: CacheServers;
  readonly #invalidator: Invalidator;
  readonly #reads: Reads;
  readonly #near: NearCache | undefined;
  readonly #hooks: ProtocolHooks | undefined;
  readonly #onStep: StepHook;
  readonly #maxBatch: number;
  readonly #idGenerator: () => string;
  readonly #logger: Logger;
  readonly #mode: ModeFollower;
  readonly #topology: TopologyFollower;
  readonly #follower: OutboxFollower | undefined;

  constructor(options: CacheAsidePersonServiceOptions) {
    const o = resolveServiceOptions(options);
    this.#db = o.db;
    this.#cache = o.cache;
    this.#owns = o.owns;
    this.#maxBatch = o.maxBatch;
    this.#idGenerator = o.idGenerator;
    this.#hooks = o.hooks;
    this.#onStep = o.hooks?.onStep?.bind(o.hooks);
    this.#logger = o.logger;
    const timeout = new SharedTimeout(o.cacheTimeoutMs);
    const warnings = new RateLimitedWarnings(o.logger, WARNING_INTERVAL_MS);
    this.#servers = new CacheServers({
      cache: o.cache,
      timeout,
      counters: this.#counters,
      warnings,
      breaker: o.breaker,
      retry: o.invalidationRetry,
      onBreakerChange: (server, state) => this.#breakerChanged(server, state),
    });
    // Without a topology to follow nothing is invalidated again: remember nothing.
    const recent = new RecentInvalidations(o.topologyStore ? o.topologyTransitionMs : 0);
    this.#invalidator = new Invalidator({
      cache: o.cache,
      servers: this.#servers,
      recent,
      counters: this.#counters,
      onStep: this.#onStep,
    });
    const near = o.nearCache && new NearCache(o.nearCache);
    this.#near = near;
    const outbox = o.outbox && outboxOf(o.db);
    if (o.outbox !== undefined && outbox !== undefined) {
      const parts = {
        db: o.db,
        cache: o.cache,
        servers: this.#servers,
        invalidator: this.#invalidator,
      };
      this.#follower = new OutboxFollower(
        outbox,
        // Every row drops its id from the near cache, whatever the cache holds; after the
        // delivery the cache agrees with the database (or the id is pending, read from it).
        (ids, final) => {
          const deliver = () => deliverOutboxPage(parts, ids, final);
          return near ? near.dropAround(ids, deliver) : deliver();
        },
        o.outbox,
        warnings,
        () => near?.open(),
      );
      this.#follower.start();
    }
    const reads = new CacheAsideReads({
      db: o.db,
      cache: o.cache,
      servers: this.#servers,
      timeout,
      warnings,
      counters: this.#counters,
      leases: new LeaseIssuer(),
      onStep: this.#onStep,
      ttlMs: o.ttlMs,
      tombstoneTtlMs: o.tombstoneTtlMs,
      leaseTtlMs: o.leaseTtlMs,
      pollIntervalMs: o.leaseWait.pollIntervalMs,
      maxWaitMs: o.leaseWait.maxWaitMs,
    });
    this.#reads = near ? new NearReads(near, reads, this.#counters) : reads;
    // Last: they start reading their stores at once.
    this.#topology = new TopologyFollower({
      store: o.topologyStore,
      cache: o.cache,
      pollIntervalMs: o.topologyPollIntervalMs,
      transitionMs: o.topologyTransitionMs,
      reinvalidate: async () => {
        await Promise.all(recent.ids().map((id) => this.#invalidator.deliver(id)));
      },
      logger: o.logger,
    });
    this.#mode = new ModeFollower({
      store: o.modeStore,
      useDb: o.useDb,
      pollIntervalMs: o.modePollIntervalMs,
      logger: o.logger,
    });
  }

  get(id: string, options?: ReadOptions): Promise<PersonRead> {
    try {
      parsePersonId(id);
      return this.#reads.get(id, parseUseDb(options, this.#mode.useDb));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async getMany(ids: readonly string[], options?: ReadOptions): Promise<PersonManyRead> {
    const unique = parseIdList(ids, this.#maxBatch);
    return this.#reads.getMany(unique, parseUseDb(options, this.#mode.useDb));
  }

  async create(input: NewPerson): Promise<Person> {
    const valid = parseNewPerson(input);
    const id = valid.id ?? parsePersonId(this.#idGenerator(), 'generated id');
    // A create invalidates too: the cache may hold a tombstone for this id.
    return this.#write(id, () => this.#db.create({ ...valid, id }));
  }

  async update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    parsePersonId(id);
    const valid = parsePersonChanges(changes);
    const version = parseExpectedVersion(expectedVersion);
    return this.#write(id, () => this.#db.update(id, valid, version));
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    parsePersonId(id);
    const version = parseExpectedVersion(expectedVersion);
    return this.#write(id, () => this.#db.delete(id, version));
  }

  mode(): ServiceMode {
    return { useDb: this.#mode.useDb };
  }

  async setMode(mode: ServiceMode): Promise<ServiceMode> {
    const { useDb } = await this.#mode.write(parseServiceMode(mode).useDb);
    return { useDb };
  }

  /**
   * Reads the shared mode now, rather than at the next poll: an application awaits it before
   * serving, so that a (re)started process serves in the fleet's mode from its first request.
   * Never rejects; a store that cannot be read shows as `source: 'last-known'`.
   */
  refreshMode(): Promise<ModeStatus> {
    return this.#mode.refresh();
  }

  /** The cache topology keys are placed by now. */
  topology(): TopologyStatus {
    return this.#topology.status();
  }

  /**
   * Proposes the cache's servers (the first time) or reads the fleet's topology now, and
   * switches the cache to it: an application awaits it before serving, so that a (re)started
   * process places keys as the fleet does from its first request. Never rejects.
   */
  refreshTopology(): Promise<TopologyStatus> {
    return this.#topology.refresh();
  }

  stats(): ServiceStats {
    return this.#counters.snapshot(this.#servers.stats(), this.#mode.status());
  }

  /**
   * Stops background work (invalidation retries, following the shared mode), then closes what the service owns (option
   * `owns`), both at once; the first failure is rethrown after both have been tried.
   * Idempotent: later calls wait for the first.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#mode.close();
    this.#topology.close();
    this.#servers.close();
    await this.#follower?.close();
    const closing = [
      this.#owns.db ? this.#db.close() : undefined,
      this.#owns.cache ? this.#cache.close() : undefined,
    ];
    for (const result of await Promise.allSettled(closing)) {
      if (result.status === 'rejected') throw result.reason;
    }
  }

  // The near cache forgets the id before the caller hears of the write.
  #write<T>(id: string, commit: () => Promise<T>): Promise<T> {
    const write = () => this.#invalidator.write(id, commit);
    return this.#near ? this.#near.dropAround([id], write) : write();
  }

  #breakerChanged(server: CacheServer, state: BreakerState): void {
    if (state === 'open') {
      this.#logger.warn(
        { server: server.name, cooldownMs: server.breaker.cooldownMs },
        'cache circuit opened; reading the keys of this server from the database',
      );
    } else if (state === 'closed') {
      this.#logger.warn({ server: server.name }, 'cache circuit closed; cache in use again');
    }
    this.#hooks?.onBreakerStateChange?.(state, server.name);
  }
}

// The outbox methods of `db`, bound, when it has both.
function outboxOf(db: PersonDb): Outbox | undefined {
  const { readInvalidations, trimInvalidations } = db;
  if (typeof readInvalidations !== 'function' || typeof trimInvalidations !== 'function') {
    return undefined;
  }
  return {
    readInvalidations: readInvalidations.bind(db),
    trimInvalidations: trimInvalidations.bind(db),
  };
}
