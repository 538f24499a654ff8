import type { NewPersonWithId, Person, PersonChanges } from '../person';

/** One committed write as the outbox records it: its place in the order, and the id written. */
export interface PersonInvalidation {
  /** Increases with every recorded write; numbers are taken before commit, so they may commit out of order. */
  readonly seq: number;
  /** The person the write touched. */
  readonly id: string;
}

/**
 * The source of truth for people. Every method validates its arguments (throwing
 * `ValidationError`), uses parameterised SQL only, and turns a backend that is down, refuses or
 * times out into `UnavailableError`; it never hangs.
 */
export interface PersonDb {
  /** The person with this id, or `undefined`. */
  get(id: string): Promise<Person | undefined>;
  /** The people among `ids` that exist, keyed by id, read in one query. */
  getMany(ids: readonly string[]): Promise<Map<string, Person>>;
  /** Inserts a person at version 1. A taken id is a `ConflictError` (`id-exists`). */
  create(person: NewPersonWithId): Promise<Person>;
  /**
   * Applies `changes` and increments the version. `NotFoundError` if absent; `ConflictError`
   * (`version-mismatch`) when `expectedVersion` is given and is not the current version.
   */
  update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person>;
  /** Deletes the person, with the same `NotFoundError` / `ConflictError` rules as `update`. */
  delete(id: string, expectedVersion?: number): Promise<void>;
  /**
   * The outbox: the writes committed with a `seq` above `afterSeq`, lowest first, at most
   * `limit`. Every successful `create`, `update` and `delete` records its row in its own
   * transaction; a failed one records nothing. Optional: a database without it leaves the
   * service with its in-memory retries only.
   */
  readInvalidations?(afterSeq: number, limit: number): Promise<readonly PersonInvalidation[]>;
  /** Removes the outbox rows recorded more than `olderThanMs` ago (by the database's clock). */
  trimInvalidations?(olderThanMs: number): Promise<void>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}
