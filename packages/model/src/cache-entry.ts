import type { Person } from './person';

/** What the cache holds under a person's key. */
export type CacheEntry =
  /** The person as the database had it when the entry was filled. */
  | { readonly kind: 'person'; readonly person: Person }
  /** The database had no such person (negative cache). */
  | { readonly kind: 'tombstone' }
  /** A reader is filling this key; `owner` tells lease holders apart. */
  | { readonly kind: 'lease'; readonly owner: string };

/** The outcome of reading one key. */
export type CacheRead =
  | CacheEntry
  /** Nothing under the key, or only an expired entry. */
  | { readonly kind: 'miss' }
  /** Something is there that this codec did not write; `reason` says what is wrong with it. */
  | { readonly kind: 'corrupt'; readonly reason: string };

/** The shared `miss` read (reads carry no identity, so one object serves all). */
export const MISS: CacheRead = Object.freeze({ kind: 'miss' });

/** The shared tombstone entry. */
export const TOMBSTONE: CacheEntry = Object.freeze({ kind: 'tombstone' });

/** Token of a `gets`: `putIfUntouched` succeeds only while the entry is unchanged since. */
export type CasToken = bigint;
