import { type CacheToggleError, isCacheToggleError, UnavailableError } from '@cachetoggle/model';

const DRIVER_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * What a failed database operation throws: our own errors as they are, anything the driver
 * (or drizzle around it) threw as an `UnavailableError` whose message comes from the driver's
 * error code alone, looked up in `descriptions`. Driver messages can name hosts, users and
 * values, and drizzle's list a statement's parameters; none of that may reach a log, let alone
 * a connection string with its password. The original error is kept as the cause.
 */
export function driverFailure(
  error: unknown,
  driver: string,
  descriptions: Readonly<Record<string, string>>,
): CacheToggleError {
  if (isCacheToggleError(error)) return error;
  const code = errorField(driverErrorOf(error), 'code');
  let message = 'unexpected error';
  if (typeof code === 'string' && DRIVER_CODE.test(code)) {
    message = descriptions[code] ?? `${driver} error ${code}`;
  }
  return new UnavailableError('db', message, { cause: error });
}

/** The driver's own error: drizzle wraps it (DrizzleQueryError) as the `cause`. */
export function driverErrorOf(error: unknown): unknown {
  const cause = errorField(error, 'cause');
  return errorField(error, 'code') === undefined && cause !== undefined ? cause : error;
}

/** A property of something thrown, which may be anything. */
export function errorField(error: unknown, field: string): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as Record<string, unknown>)[field];
}
