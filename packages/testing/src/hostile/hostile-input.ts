/** The kinds of hostile input the catalogue covers; `ordinary` marks the baseline that must work. */
export type HostileCategory =
  | 'ordinary'
  | 'sql-injection'
  | 'memcached-injection'
  | 'empty-or-blank'
  | 'very-long'
  | 'wrong-type'
  | 'unicode'
  | 'json-shape'
  | 'prototype-keys'
  | 'version';

/**
 * What a layer does with an input: `accept` (stored and read back exactly as given) or
 * `reject` (a `ValidationError`, or an HTTP 400, naming the field, and nothing is changed).
 */
export type Outcome = 'accept' | 'reject';

/** One hostile value and its documented outcome. */
export interface HostileInput {
  /** Unique within its list; used as the test's name. */
  readonly label: string;
  readonly category: HostileCategory;
  readonly value: unknown;
  readonly outcome: Outcome;
}

/** A hostile person id. The field named on rejection is the id's (`id`, `ids.0`, …). */
export interface HostileId extends HostileInput {
  /**
   * What a cache DAO does with it, since a consumer may call a DAO with ids the model rejects:
   * `accept` keys it safely (an entry stored under it reads back, under a key no other id
   * has); `reject` is a `ValidationError` naming `id` before anything is sent. Holds for
   * namespaces of up to 64 characters.
   */
  readonly cacheKey: Outcome;
}

/** A hostile first or last name; the field named on rejection is `firstName` or `lastName`. */
export type HostileName = HostileInput;

/**
 * A hostile `expectedVersion` (DAO and service) or version in a whole person (model). `accept`
 * only means it passes validation: a write with it still fails with `ConflictError` unless it
 * is the row's version.
 */
export type HostileVersion = HostileInput;

/** What the model (and so every layer behind HTTP) does with a parsed request body. */
export type BodyOutcome =
  /** Stored; `stored` is what is read back when it is not simply the body's own fields. */
  | { readonly kind: 'accept'; readonly stored?: Readonly<Record<string, string>> }
  /** `ValidationError` / 400 `VALIDATION` naming `field`. */
  | { readonly kind: 'reject'; readonly field: string };

/**
 * A request body as sent to `POST /people` and `PUT /people/:id`. HTTP answers a body that is
 * not JSON with 400 `MALFORMED_JSON` and one over `BODY_LIMIT_BYTES` with 413 `BODY_TOO_LARGE`
 * before any layer sees it; every other body gets its `create` / `update` outcome, at every
 * layer (the model, DAO and service get `JSON.parse(json)`).
 */
export interface HostileBody {
  readonly label: string;
  readonly category: HostileCategory;
  readonly json: string;
  /** `undefined` when `json` is not JSON at all. */
  readonly create: BodyOutcome | undefined;
  readonly update: BodyOutcome | undefined;
}

/**
 * A value found in memcached under a person's key that this codec did not write there. It must
 * be treated as a miss, replaced, and counted, never returned or thrown.
 */
export interface ForeignCacheValue {
  readonly label: string;
  /** The raw bytes to store under the key of `id`; `expiresAtMs` is a time in the future. */
  bytes(id: string, expiresAtMs: number): Buffer;
}
