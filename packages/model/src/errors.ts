/** Stable, machine-readable codes carried by every cachetoggle error. */
export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE';

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
]);

// A key from the global symbol registry: every copy of this package (its ESM and CJS builds,
// or two installed versions) marks its errors with the same one.
const BRAND: unique symbol = Symbol.for('cachetoggle.error');

/**
 * Base class of every error cachetoggle throws; `code` is stable across releases. `instanceof`
 * (this class or a subclass) also recognises the errors of another copy of this package, by
 * their brand and `code`, and never an error that merely has a matching `code`.
 */
export abstract class CacheToggleError extends Error {
  abstract readonly code: ErrorCode;
  /** The `code` of the subclass; absent on this base class, which matches every code. */
  static readonly errorCode: ErrorCode | undefined = undefined;
  /** The brand `instanceof` checks across copies of this package (on the prototype). */
  get [BRAND](): true {
    return true;
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  // `this` is the class on the right of `instanceof`: this one or a subclass.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the subclass being tested, not this class
    const tested = this as typeof CacheToggleError;
    if (Function.prototype[Symbol.hasInstance].call(tested, value)) return true;
    if (typeof value !== 'object' || value === null || !(BRAND in value)) return false;
    const { code } = value as { code?: unknown };
    if (typeof code !== 'string' || !ERROR_CODES.has(code)) return false;
    return tested.errorCode === undefined || code === tested.errorCode;
  }
}

/** Input that breaks a rule of the model; `field` names the offending field. */
export class ValidationError extends CacheToggleError {
  static override readonly errorCode = 'VALIDATION';
  readonly code = 'VALIDATION';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The person does not exist (in the source of truth). */
export class NotFoundError extends CacheToggleError {
  static override readonly errorCode = 'NOT_FOUND';
  readonly code = 'NOT_FOUND';

  constructor(readonly id: string) {
    super(`person ${JSON.stringify(id)} not found`);
  }
}

/** What kind of conflict: the id is taken, or the caller's version is not the current one. */
export type ConflictReason = 'id-exists' | 'version-mismatch';

/** A write that would overwrite someone else's: duplicate id, or stale `expectedVersion`. */
export class ConflictError extends CacheToggleError {
  static override readonly errorCode = 'CONFLICT';
  readonly code = 'CONFLICT';

  constructor(
    readonly reason: ConflictReason,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/** Which backend failed. */
export type Backend = 'db' | 'cache';

/**
 * A backend that is down, refused, timed out or answered garbage. The message never contains
 * credentials or a connection string; the driver's own error is kept as `cause`.
 */
export class UnavailableError extends CacheToggleError {
  static override readonly errorCode = 'UNAVAILABLE';
  readonly code = 'UNAVAILABLE';

  constructor(
    readonly backend: Backend,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${backend} unavailable: ${message}`, options);
  }
}

/**
 * True for any error cachetoggle defines, also when another copy of this package (its other
 * build, another version) threw it; false for any other error, whatever its `code`.
 */
export function isCacheToggleError(error: unknown): error is CacheToggleError {
  return error instanceof CacheToggleError;
}
