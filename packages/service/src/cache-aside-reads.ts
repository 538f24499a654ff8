import { type CacheRead, type LeaseRead, NotFoundError } from '@cachetoggle/model';
import { BackgroundRefresh } from './background-refresh';
import { BatchRead } from './batch-read';
import type { CacheServer } from './cache-server';
import type { CacheServers } from './cache-servers';
import type { PersonManyRead, PersonRead } from './person-service';
import type { RateLimitedWarnings } from './rate-limited-warnings';
import { type LeasingCache, offersReadOrLease, ReadOrLease } from './read-or-lease';
import { type Lookup, type ReadParts, ReadThrough, readWithoutFill } from './read-through';
import { LogicalClock, SingleFlight } from './single-flight';
import type { SharedTimeout } from './with-timeout';

/** What the read side needs besides the read protocol's parts. */
export interface ReadsParts extends ReadParts {
  readonly timeout: SharedTimeout;
  readonly warnings: RateLimitedWarnings;
}

/**
 * The read side of the service, for ids already validated: the hit path, misses through the
 * lease protocol in single-flight, and DB reads (shared per id as well) whenever the cache
 * cannot be used. A cache that offers `getOrLease` and `getManyOrLease` (looked at once, here)
 * is read with them, so a miss takes its lease in the read itself; any other cache takes
 * leases with `add`.
 */
export class CacheAsideReads {
  readonly #parts: ReadsParts;
  readonly #servers: CacheServers;
  /** The cache's one server when it names none: the hit path then skips the lookup. */
  readonly #single: CacheServer | undefined;
  /** The cache, when it reads and leases in one request. */
  readonly #leasing: LeasingCache | undefined;
  readonly #readThrough: ReadThrough;
  readonly #readOrLease: ReadOrLease | undefined;
  readonly #refresher: BackgroundRefresh;
  readonly #batch: BatchRead;
  readonly #clock = new LogicalClock();
  readonly #leaseFlights = new SingleFlight<string, Lookup>(this.#clock);
  readonly #dbFlights = new SingleFlight<string, Lookup>(this.#clock);

  constructor(parts: ReadsParts) {
    this.#parts = parts;
    this.#servers = parts.servers;
    this.#single = parts.servers.single;
    this.#leasing = offersReadOrLease(parts.cache) ? parts.cache : undefined;
    this.#refresher = new BackgroundRefresh(parts, parts.warnings);
    this.#readThrough = new ReadThrough(parts);
    this.#readOrLease = this.#leasing && new ReadOrLease(parts, this.#leasing, this.#refresher);
    this.#batch = new BatchRead(parts, this.#leasing, this.#refresher);
  }

  /** One person; `useDb` reads the DB only. */
  get(id: string, useDb: boolean): Promise<PersonRead> {
    if (useDb) return this.#readDb(id);
    const startedAt = this.#clock.tick();
    const server = this.#single ?? this.#servers.of(id);
    if (server.isPending(id) || !server.breaker.allowRequest()) {
      return this.#readWithoutFill(id, startedAt);
    }
    // The hit path: the promise returned is the timeout race itself, settled by
    // #afterCacheRead; no other promise or closure is made per call.
    const leasing = this.#leasing;
    let answer: Promise<LeaseRead>;
    try {
      answer = leasing ? leasing.getOrLease(id, this.#parts.leaseTtlMs) : this.#parts.cache.get(id);
    } catch (error) {
      return this.#afterCacheFailure(error, id, startedAt, server);
    }
    return this.#parts.timeout.race(
      answer,
      leasing ? 'getOrLease' : 'get',
      id,
      startedAt,
      server,
      this.#afterCacheRead,
      this.#afterCacheFailure,
    );
  }

  /** Distinct, valid `ids` in one batch; `useDb` reads the DB only. */
  async getMany(ids: readonly string[], useDb: boolean): Promise<PersonManyRead> {
    if (ids.length === 0) return { people: [], missing: [] };
    let lookups: ReadonlyMap<string, Lookup>;
    if (useDb) {
      this.#parts.counters.dbReads++;
      const rows = await this.#parts.db.getMany(ids);
      lookups = new Map(ids.map((id) => [id, { person: rows.get(id), source: 'db' }]));
    } else {
      lookups = await this.#batch.read(ids);
    }
    const people: PersonRead[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const lookup = lookups.get(id);
      if (lookup?.person) people.push(lookup as PersonRead);
      else missing.push(id);
    }
    return { people, missing };
  }

  readonly #afterCacheRead = (
    read: LeaseRead,
    id: string,
    startedAt: number,
    server: CacheServer,
  ): PersonRead | Promise<PersonRead> => {
    server.breaker.recordSuccess();
    if (read.kind === 'person') {
      this.#parts.counters.hits++;
      return { person: read.person, source: 'cache' };
    }
    return this.#afterCacheMiss(read, id, startedAt);
  };

  readonly #afterCacheFailure = (
    error: unknown,
    id: string,
    startedAt: number,
    server: CacheServer,
  ): Promise<PersonRead> => {
    server.guard.failed(this.#leasing ? 'getOrLease' : 'get', error);
    return this.#readWithoutFill(id, startedAt);
  };

  async #afterCacheMiss(read: LeaseRead, id: string, startedAt: number): Promise<PersonRead> {
    const { counters } = this.#parts;
    if (read.kind === 'tombstone' || read.kind === 'refresh') {
      counters.hits++;
      if (read.kind === 'refresh') this.#refresher.start(id, read.token);
      const entry = read.kind === 'refresh' ? read.entry : read;
      if (entry.kind === 'person') return { person: entry.person, source: 'cache' };
      counters.tombstoneHits++;
      throw new NotFoundError(id);
    }
    counters.misses++;
    const readOrLease = this.#readOrLease;
    let lookup: Lookup;
    if (readOrLease === undefined) {
      // Without getOrLease, the answer is a `get`'s: a miss, a lease or a corrupt value.
      const first = read as CacheRead;
      lookup = await this.#leaseFlights.run(id, startedAt, (markRead) =>
        this.#readThrough.fetch(id, first, markRead),
      );
    } else if (read.kind === 'leased') {
      // Ours alone to fill: never joins another flight, which could not fill our lease.
      const { token } = read;
      lookup = await this.#leaseFlights.lead(id, (markRead) =>
        readOrLease.fill(id, token, markRead),
      );
    } else {
      lookup = await this.#leaseFlights.run(id, startedAt, (markRead) =>
        readOrLease.fetch(id, read, markRead),
      );
    }
    return found(id, lookup);
  }

  // Readers the cache cannot serve (failed, timed out, circuit open, invalidation pending) share
  // one DB read per id too: a slow or dead cache under a stampede must not become a DB
  // stampede. The read waits for the end of the event-loop turn, so that the readers arriving
  // in this turn (who began before it is sent) can join it. They never join a lease flight,
  // which may answer from the cache.
  async #readWithoutFill(id: string, startedAt: number): Promise<PersonRead> {
    const lookup = await this.#dbFlights.run(id, startedAt, async (markRead) => {
      await endOfTurn();
      return readWithoutFill(this.#parts, id, markRead);
    });
    return found(id, lookup);
  }

  async #readDb(id: string): Promise<PersonRead> {
    this.#parts.counters.dbReads++;
    return found(id, { person: await this.#parts.db.get(id), source: 'db' });
  }
}

function endOfTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function found(id: string, lookup: Lookup): PersonRead {
  if (lookup.person === undefined) throw new NotFoundError(id);
  return lookup as PersonRead;
}
