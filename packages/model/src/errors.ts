/** Stable, machine-readable codes carried by every cachetoggle error. */
export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE';

/** Base class of every error cachetoggle throws; `code` is stable across releases. */
export abstract class CacheToggleError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule of the model; `field` names the offending field. */
export class ValidationError extends CacheToggleError {
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
  readonly code = 'NOT_FOUND';

  constructor(readonly id: string) {
    super(`person ${JSON.stringify(id)} not found`);
  }
}

/** What kind of conflict: the id is taken, or the caller's version is not the current one. */
export type ConflictReason = 'id-exists' | 'version-mismatch';

/** A write that would overwrite someone else's: duplicate id, or stale `expectedVersion`. */
export class ConflictError extends CacheToggleError {
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
  readonly code = 'UNAVAILABLE';

  constructor(
    readonly backend: Backend,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${backend} unavailable: ${message}`, options);
  }
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
]);

/** True for any error cachetoggle defines, also when two copies of this package are loaded. */
export function isCacheToggleError(error: unknown): error is CacheToggleError {
  if (error instanceof CacheToggleError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && ERROR_CODES.has(code);
}
