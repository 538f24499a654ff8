import type { NewPersonWithId, Person, PersonChanges } from '../person';

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
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}
