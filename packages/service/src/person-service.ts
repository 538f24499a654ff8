import type { NewPerson, Person, PersonChanges, ServiceMode } from '@cachetoggle/model';
import type { BreakerState } from './circuit-breaker';

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

/** The service's mode (defined, with its one parser, in the model). */
export type { ServiceMode };

/** Where the mode in force comes from. */
export type ModeSource = 'configured' | 'shared' | 'last-known';

/** The service's mode, where it comes from and since when. */
export interface ModeStatus {
  readonly useDb: boolean;
  /**
   * 'configured': the `useDb` option (no mode store, or the store was never written);
   * 'shared': the fleet's mode as the store gave it at the last read; 'last-known': the store
   * could not be read at the last try, so the mode is the last one known.
   */
  readonly source: ModeSource;
  /** When the shared mode was last switched (ms since the epoch, the store's clock). */
  readonly changedAt: number | undefined;
  /** Since when the store cannot be read (ms since the epoch); undefined while it can. */
  readonly unreadableSince: number | undefined;
}

/** The cache topology a service places keys by (`CacheAsidePersonService.topology()`). */
export interface TopologyStatus {
  /** The fleet's generation in use; undefined before the topology store was read. */
  readonly generation: number | undefined;
  /** The servers keys go to (undefined for a cache that does not name them). */
  readonly servers: readonly string[] | undefined;
  /**
   * 'configured': the cache's own list (no topology store, or not read yet); 'shared': the
   * fleet's list as the store gave it at the last read; 'last-known': the store could not be
   * read at the last try, so the list is the last one known.
   */
  readonly source: 'configured' | 'shared' | 'last-known';
  /** Since when the store cannot be read (ms since the epoch); undefined while it can. */
  readonly unreadableSince: number | undefined;
}

/** Counters since the service started. A "cache read" is one id looked up in the cache. */
export interface ServiceStats {
  /** Cache reads answered by the cache: a person, or a tombstone (see `tombstoneHits`). */
  readonly hits: number;
  /** Cache reads the cache could not answer: nothing there, a lease, or a corrupt value. */
  readonly misses: number;
  /** Hits on a tombstone (the cache remembered that the person does not exist). */
  readonly tombstoneHits: number;
  /** Values (people or tombstones) a lease holder or a refresh stored in the cache. */
  readonly fills: number;
  /** Fills refused because a write removed the lease (or the entry) meanwhile. */
  readonly fillRacesLost: number;
  /** Reads that found another reader's lease and waited for its value. */
  readonly leaseWaits: number;
  /**
   * Entries close to their expiry that the cache chose this process to refresh (each one DB
   * read in the background, while readers keep being served the entry). A refresh that stored
   * its value counts in `fills`, one that a write beat in `fillRacesLost`.
   */
  readonly refreshes: number;
  /** Background refreshes whose DB read failed (the entry stays until its TTL; never thrown). */
  readonly refreshFailures: number;
  /** Calls to the database's `get` or `getMany`. */
  readonly dbReads: number;
  /** Cache calls that failed or timed out (each one logged, rate-limited, never thrown). */
  readonly cacheErrors: number;
  /** Cache values that were not ours or not for that id; each one is removed. */
  readonly corruptEntries: number;
  /** Writes whose invalidation could not be done at once (cache failed or circuit open). */
  readonly invalidationFailures: number;
  /** Attempts to invalidate a key again from the retry queue. */
  readonly invalidationRetries: number;
  /** Invalidations dropped because the retry queue was full (staleness bounded by the TTL). */
  readonly invalidationsDropped: number;
  /** Hits answered by the in-process near cache (counted in `hits` too); 0 when it is off. */
  readonly nearHits: number;
  /** Invalidations waiting in the retry queues of all servers; reads of these ids bypass the cache. */
  readonly pendingInvalidations: number;
  /**
   * The cache's circuit breakers taken together: 'open' when any server's breaker is open
   * (some keys are read from the DB), else 'half-open' when any is probing, else 'closed'.
   */
  readonly breakerState: BreakerState;
  /** hits / (hits + misses), 0 before the first cache read. */
  readonly hitRatio: number;
  /** Each cache server met so far, by name (one, named 'default', when the cache names none). */
  readonly servers: readonly CacheServerStats[];
  /** The mode reads follow, and whether it is the fleet's shared one. */
  readonly mode: ModeStatus;
}

/** The health of one cache server (its keys are named by the cache's `serverOf`). */
export interface CacheServerStats {
  readonly name: string;
  readonly breakerState: BreakerState;
  /** Invalidations of this server's keys waiting for a retry. */
  readonly pendingInvalidations: number;
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
  /**
   * Switches the mode: with a mode store, for the whole fleet (the store is written first and
   * an `UnavailableError` leaves the mode as it was); without one, for this service at once.
   * Resolves with the mode now in force.
   */
  setMode(mode: ServiceMode): Promise<ServiceMode>;
  stats(): ServiceStats;
  /**
   * Stops background work (invalidation retries, following the shared mode) and closes the
   * backends the service owns; the others stay open for whoever opened them.
   */
  close(): Promise<void>;
}
