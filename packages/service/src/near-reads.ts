import { NotFoundError } from '@cachetoggle/model';
import type { CacheAsideReads } from './cache-aside-reads';
import type { NearCache } from './near-cache';
import type { PersonManyRead, PersonRead } from './person-service';
import type { ServiceCounters } from './service-stats';

/** The read side as the service calls it, with or without a near cache in front. */
export type Reads = Pick<CacheAsideReads, 'get' | 'getMany'>;

/**
 * Reads answered from the near cache when it holds the id, else by the cache-aside reads, whose
 * answer (a person, or "does not exist") it then keeps. `useDb` bypasses it both ways. A near
 * answer counts as a cache hit, and in `nearHits`.
 */
export class NearReads implements Reads {
  readonly #near: NearCache;
  readonly #reads: Reads;
  readonly #counters: ServiceCounters;

  constructor(near: NearCache, reads: Reads, counters: ServiceCounters) {
    this.#near = near;
    this.#reads = reads;
    this.#counters = counters;
  }

  /** One person; `useDb` reads the DB only. */
  async get(id: string, useDb: boolean): Promise<PersonRead> {
    if (useDb) return this.#reads.get(id, true);
    const entry = this.#near.get(id);
    if (entry !== undefined) {
      const person = this.#hit(entry.person);
      if (person === undefined) throw new NotFoundError(id);
      return { person, source: 'cache' };
    }
    const ticket = this.#near.ticket();
    try {
      const read = await this.#reads.get(id, false);
      this.#near.set(id, read.person, ticket);
      return read;
    } catch (error) {
      if (error instanceof NotFoundError) this.#near.set(id, undefined, ticket);
      throw error;
    }
  }

  /** Distinct, valid `ids` in one batch, answered in their order; `useDb` reads the DB only. */
  async getMany(ids: readonly string[], useDb: boolean): Promise<PersonManyRead> {
    if (useDb) return this.#reads.getMany(ids, true);
    const near = new Map<string, PersonRead | undefined>();
    const rest: string[] = [];
    for (const id of ids) {
      const entry = this.#near.get(id);
      if (entry === undefined) {
        rest.push(id);
        continue;
      }
      const person = this.#hit(entry.person);
      near.set(id, person && { person, source: 'cache' });
    }
    if (rest.length === 0) return collect(ids, near);
    const ticket = this.#near.ticket();
    const read = await this.#reads.getMany(rest, false);
    for (const found of read.people) {
      this.#near.set(found.person.id, found.person, ticket);
      near.set(found.person.id, found);
    }
    for (const id of read.missing) this.#near.set(id, undefined, ticket);
    return collect(ids, near);
  }

  #hit(person: PersonRead['person'] | undefined): PersonRead['person'] | undefined {
    const counters = this.#counters;
    counters.hits++;
    counters.nearHits++;
    if (person === undefined) counters.tombstoneHits++;
    return person;
  }
}

function collect(
  ids: readonly string[],
  found: ReadonlyMap<string, PersonRead | undefined>,
): PersonManyRead {
  const people: PersonRead[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const read = found.get(id);
    if (read) people.push(read);
    else missing.push(id);
  }
  return { people, missing };
}
