import { ConflictError } from './errors';

/** The conflict of a create whose id is taken. */
export function idExists(id: string): ConflictError {
  return new ConflictError('id-exists', id, `person ${JSON.stringify(id)} already exists`);
}

/** The conflict of a write whose `expectedVersion` is not the row's version. */
export function versionMismatch(id: string, expected: number, actual: number): ConflictError {
  return new ConflictError(
    'version-mismatch',
    id,
    `person ${JSON.stringify(id)} is at version ${actual}, not ${expected}`,
  );
}
