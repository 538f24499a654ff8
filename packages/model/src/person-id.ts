import { ValidationError } from './errors';

/** Longest id accepted, in characters (all ASCII, so also in bytes). */
export const MAX_PERSON_ID_LENGTH = 64;

/**
 * Ids are 1–64 characters from `A–Z a–z 0–9 _ -`: safe in URLs, SQL, memcached keys and logs
 * without escaping, and compared byte for byte (case-sensitive) everywhere.
 */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` is a valid person id. */
export function isPersonId(value: unknown): value is string {
  return typeof value === 'string' && PERSON_ID_PATTERN.test(value);
}

/** Returns `value` as a person id, or throws a `ValidationError` naming `field`. */
export function parsePersonId(value: unknown, field = 'id'): string {
  if (isPersonId(value)) return value;
  throw new ValidationError(field, describeInvalidId(value));
}

function describeInvalidId(value: unknown): string {
  if (typeof value !== 'string') return `must be a string, got ${typeName(value)}`;
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_PERSON_ID_LENGTH) {
    return `must be at most ${MAX_PERSON_ID_LENGTH} characters, got ${value.length}`;
  }
  return 'may contain only letters A-Z a-z, digits, "_" and "-"';
}

/** A short name for the type of an unknown value, for error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
