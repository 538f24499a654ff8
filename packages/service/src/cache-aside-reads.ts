import { type CacheRead, NotFoundError } from '@cachetoggle/model';
import { BatchRead } from './batch-read';
import type { CircuitBreaker } from './circuit-breaker';
import type { PersonManyRead, PersonRead } from './person-service';
import { type Lookup, type ReadParts, ReadThrough } from './read-through';
import { LogicalClock, SingleFlight } from './single-flight';
import type { SharedTimeout } from './with-timeout';

/** What the read side needs besides the read protocol's parts. */
export interface ReadsParts extends ReadParts {
  readonly breaker: CircuitBreaker;
  readonly timeout: SharedTimeout;
  /** True while the cache may hold a stale value of `id` (its invalidation is pending). */
  readonly isPending: (id: string) => boolean;
}

/**
 * The read side of the service, for ids already validated: the hit path, misses through the
 * lease protocol in single-flight, and DB reads (shared per id as well) whenever the cache
 * cannot be used.
 */
export class CacheAsideReads {
  readonly #parts: ReadsParts;
  readonly #readThrough: ReadThrough;
  readonly #batch: BatchRead;
  readonly #clock = new LogicalClock();
  readonly #leaseFlights = new SingleFlight<string, Lookup>(this.#clock);
  readonly #dbFlights = new SingleFlight<string, Lookup>(this.#clock);

  constructor(parts: ReadsParts) {
    this.#parts = parts;
    this.#readThrough = new ReadThrough(parts);
    this.#batch = new BatchRead(parts, parts.isPending);
  }

  /** One person; `useDb` reads the DB only. */
  get(id: string, useDb: boolean): Promise<PersonRead> {
    const { breaker, cache, timeout } = this.#parts;
    if (useDb) return this.#readDb(id);
    const startedAt = this.#clock.tick();
    if (this.#parts.isPending(id) || !breaker.allowRequest()) {
      return this.#readWithoutFill(id, startedAt);
    }
    // The hit path: the promise returned is the timeout race itself, settled by
    // #afterCacheRead; no other promise or closure is made per call.
    let answer: Promise<CacheRead>;
    try {
      answer = cache.get(id);
    } catch (error) {
      return this.#afterCacheFailure(error, id, startedAt);
    }
    return timeout.race(
      answer,
      'get',
      id,
      startedAt,
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
    read: CacheRead,
    id: string,
    startedAt: number,
  ): PersonRead | Promise<PersonRead> => {
    this.#parts.breaker.recordSuccess();
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
  ): Promise<PersonRead> => {
    this.#parts.guard.failed('get', error);
    return this.#readWithoutFill(id, startedAt);
  };

  async #afterCacheMiss(read: CacheRead, id: string, startedAt: number): Promise<PersonRead> {
    const { counters } = this.#parts;
    if (read.kind === 'tombstone') {
      counters.hits++;
      counters.tombstoneHits++;
      throw new NotFoundError(id);
    }
    counters.misses++;
    const lookup = await this.#leaseFlights.run(id, startedAt, (markRead) =>
      this.#readThrough.fetch(id, read, markRead),
    );
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
      return this.#readThrough.readWithoutFill(id, markRead);
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
