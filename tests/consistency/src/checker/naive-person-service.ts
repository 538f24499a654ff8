import {
  type NewPerson,
  NotFoundError,
  type Person,
  type PersonCache,
  type PersonChanges,
  type PersonDb,
} from '@cachetoggle/model';
import type {
  PersonManyRead,
  PersonRead,
  PersonService,
  ProtocolHooks,
  ProtocolStep,
  ReadOptions,
  ServiceMode,
  ServiceStats,
} from '@cachetoggle/service';

/** Options of `NaivePersonService`. */
export interface NaivePersonServiceOptions {
  readonly db: PersonDb;
  readonly cache: PersonCache;
  readonly ttlMs?: number;
  /** Called at the same protocol steps as the real service's hooks. */
  readonly hooks?: ProtocolHooks;
}

/**
 * The seed's cache-aside, kept deliberately naive as the checker's baseline: read → miss → DB
 * → plain `set`; write → DB → `delete`. No leases, so a reader that read the DB before a write
 * and sets after the write's delete leaves the old row in the cache until the TTL; no
 * timeouts or breaker either (cache errors reach the caller).
 */
export class NaivePersonService implements PersonService {
  readonly #db: PersonDb;
  readonly #cache: PersonCache;
  readonly #ttlMs: number;
  readonly #hooks: ProtocolHooks | undefined;
  #useDb = false;
  #hits = 0;
  #misses = 0;
  #fills = 0;
  #dbReads = 0;

  constructor(options: NaivePersonServiceOptions) {
    this.#db = options.db;
    this.#cache = options.cache;
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#hooks = options.hooks;
  }

  async get(id: string, options?: ReadOptions): Promise<PersonRead> {
    if (!(options?.useDb ?? this.#useDb)) {
      const read = await this.#cache.get(id);
      if (read.kind === 'person') {
        this.#hits++;
        return { person: read.person, source: 'cache' };
      }
      this.#misses++;
    }
    const person = await this.#readDb(id);
    if (!person) throw new NotFoundError(id);
    if (options?.useDb ?? this.#useDb) return { person, source: 'db' };
    await this.#step('before-fill', id);
    await this.#cache.set(id, { kind: 'person', person }, this.#ttlMs);
    this.#fills++;
    return { person, source: 'db' };
  }

  async getMany(ids: readonly string[], options?: ReadOptions): Promise<PersonManyRead> {
    const people: PersonRead[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      try {
        people.push(await this.get(id, options));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        missing.push(id);
      }
    }
    return { people, missing };
  }

  async create(input: NewPerson): Promise<Person> {
    const id = input.id ?? crypto.randomUUID();
    const person = await this.#db.create({ ...input, id });
    await this.#invalidate(id);
    return person;
  }

  async update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    const person = await this.#db.update(id, changes, expectedVersion);
    await this.#invalidate(id);
    return person;
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    await this.#db.delete(id, expectedVersion);
    await this.#invalidate(id);
  }

  mode(): ServiceMode {
    return { useDb: this.#useDb };
  }

  async setMode(mode: ServiceMode): Promise<ServiceMode> {
    this.#useDb = mode.useDb;
    return this.mode();
  }

  stats(): ServiceStats {
    const reads = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      tombstoneHits: 0,
      fills: this.#fills,
      fillRacesLost: 0,
      leaseWaits: 0,
      refreshes: 0,
      refreshFailures: 0,
      dbReads: this.#dbReads,
      cacheErrors: 0,
      corruptEntries: 0,
      invalidationFailures: 0,
      invalidationRetries: 0,
      invalidationsDropped: 0,
      nearHits: 0,
      pendingInvalidations: 0,
      breakerState: 'closed',
      hitRatio: reads === 0 ? 0 : this.#hits / reads,
      servers: [],
      mode: {
        useDb: this.#useDb,
        source: 'configured',
        changedAt: undefined,
        unreadableSince: undefined,
      },
    };
  }

  async close(): Promise<void> {}

  async #readDb(id: string): Promise<Person | undefined> {
    this.#dbReads++;
    const person = await this.#db.get(id);
    await this.#step('db-read', id);
    return person;
  }

  async #invalidate(id: string): Promise<void> {
    await this.#step('db-written', id);
    await this.#step('before-invalidate', id);
    await this.#cache.delete(id);
  }

  async #step(step: ProtocolStep, id: string): Promise<void> {
    await this.#hooks?.onStep?.(step, id);
  }
}
