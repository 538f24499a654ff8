import {
  ConflictError,
  type Person,
  parseNewPerson,
  parsePersonId,
  parseVersion,
  typeName,
  ValidationError,
} from '@cachetoggle/model';

/**
 * The checks every `PersonDb` makes before it sends any SQL; each throws `ValidationError`
 * naming the argument.
 */

/** The distinct ids of a `getMany`, in first-seen order; at most `maxIds` of them. */
export function parseIdList(ids: unknown, maxIds: number): string[] {
  if (!Array.isArray(ids))
    throw new ValidationError('ids', `must be an array, got ${typeName(ids)}`);
  const distinct = new Set<string>();
  for (let i = 0; i < ids.length; i++) distinct.add(parsePersonId(ids[i], `ids.${i}`));
  if (distinct.size > maxIds) {
    throw new ValidationError(
      'ids',
      `at most ${maxIds} distinct ids per call, got ${distinct.size}`,
    );
  }
  return [...distinct];
}

/** The person a `create` inserts: the input checked, its id required, at version 1. */
export function parseCreate(input: unknown): Person {
  const person = parseNewPerson(input);
  return {
    id: parsePersonId(person.id),
    firstName: person.firstName,
    lastName: person.lastName,
    version: 1,
  };
}

/** The optional `expectedVersion` of an update or delete. */
export function parseExpectedVersion(expectedVersion: unknown): number | undefined {
  return expectedVersion === undefined
    ? undefined
    : parseVersion(expectedVersion, 'expectedVersion');
}

/** The conflict of a write whose `expectedVersion` is not the row's version. */
export function versionMismatch(id: string, expected: number, actual: number): ConflictError {
  return new ConflictError(
    'version-mismatch',
    id,
    `person ${JSON.stringify(id)} is at version ${actual}, not ${expected}`,
  );
}

/** The conflict of a create whose id is taken. */
export function idExists(id: string): ConflictError {
  return new ConflictError('id-exists', id, `person ${JSON.stringify(id)} already exists`);
}

/** The largest outbox page one `readInvalidations` returns. */
export const MAX_INVALIDATIONS_PER_READ = 10_000;

/** The arguments of `readInvalidations`. */
export function parseInvalidationRead(afterSeq: unknown, limit: unknown): [number, number] {
  return [
    integerArgument('afterSeq', afterSeq, 0, Number.MAX_SAFE_INTEGER),
    integerArgument('limit', limit, 1, MAX_INVALIDATIONS_PER_READ),
  ];
}

/** The age argument of `trimInvalidations`: at least zero, at most a year. */
export function parseTrimAge(olderThanMs: unknown): number {
  return integerArgument('olderThanMs', olderThanMs, 0, 31_536_000_000);
}

function integerArgument(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : typeName(value);
    throw new ValidationError(name, `must be an integer from ${min} to ${max}, got ${got}`);
  }
  return value;
}
