import { ValidationError } from './errors';
import { typeName } from './person-id';

/** The largest outbox page one `PersonDb.readInvalidations` returns. */
export const MAX_INVALIDATIONS_PER_READ = 10_000;

/** The longest age `PersonDb.trimInvalidations` accepts: a year. */
const MAX_TRIM_AGE_MS = 31_536_000_000;

/** The arguments of `PersonDb.readInvalidations`, checked: `[afterSeq, limit]`. */
export function parseInvalidationRead(afterSeq: unknown, limit: unknown): [number, number] {
  return [
    integerArgument('afterSeq', afterSeq, 0, Number.MAX_SAFE_INTEGER),
    integerArgument('limit', limit, 1, MAX_INVALIDATIONS_PER_READ),
  ];
}

/** The age argument of `PersonDb.trimInvalidations`: at least zero, at most a year. */
export function parseTrimAge(olderThanMs: unknown): number {
  return integerArgument('olderThanMs', olderThanMs, 0, MAX_TRIM_AGE_MS);
}

function integerArgument(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : typeName(value);
    throw new ValidationError(name, `must be an integer from ${min} to ${max}, got ${got}`);
  }
  return value;
}
