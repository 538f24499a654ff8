import type { NewPerson, Person, PersonChanges } from '@cachetoggle/model';

/** Where a read was answered from. */
export type ReadSource = 'cache' | 'db';

/** Per-call override of the service's mode. */
export interface ReadOptions {
  /** `true` reads the DB and neither reads nor fills the cache; default: the service's mode. */
  readonly useDb?: boolean;
}

/** One person and where it came from. */
export interface PersonRead {
  readonly person: Person;
  readonly source: ReadSource;
}

/** The result of a batched read, in the order of the ids asked for. */
export interface PersonManyRead {
  /** The people found, in request order (duplicates in the request appear once). */
  readonly people: readonly PersonRead[];
  /** The ids that do not exist, in request order. */
  readonly missing: readonly string[];
}

/** The service's mode. */
export interface ServiceMode {
  readonly useDb: boolean;
}

/** Counters since the service started. */
export interface ServiceStats {
  readonly hits: number;
  readonly misses: number;
  readonly tombstoneHits: number;
  readonly fills: number;
  readonly fillRacesLost: number;
  readonly leaseWaits: number;
  readonly dbReads: number;
  readonly cacheErrors: number;
  readonly corruptEntries: number;
  readonly invalidationFailures: number;
  readonly invalidationRetries: number;
  readonly pendingInvalidations: number;
  readonly breakerState: 'closed' | 'open' | 'half-open';
  /** hits / (hits + misses), 0 before the first cache read. */
  readonly hitRatio: number;
}

/**
 * People, read through a cache in front of the database or straight from the database.
 * Arguments are validated (`ValidationError`); `get` of an unknown id is a `NotFoundError`;
 * writes follow the `PersonDb` rules (`ConflictError`, `NotFoundError`); a database that is
 * down is an `UnavailableError`. Cache failures are never thrown to the caller.
 */
export interface PersonService {
  get(id: string, options?: ReadOptions): Promise<PersonRead>;
  getMany(ids: readonly string[], options?: ReadOptions): Promise<PersonManyRead>;
  /** Creates a person; generates the id when absent. */
  create(input: NewPerson): Promise<Person>;
  update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person>;
  delete(id: string, expectedVersion?: number): Promise<void>;
  mode(): ServiceMode;
  setMode(mode: ServiceMode): void;
  stats(): ServiceStats;
  /** Stops background work (invalidation retries). Does not close the DAOs it was given. */
  close(): Promise<void>;
}
