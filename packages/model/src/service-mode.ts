import { ValidationError } from './errors';
import { typeName } from './person-id';

/** The mode of a person service: whether reads go straight to the database. */
export interface ServiceMode {
  readonly useDb: boolean;
}

/**
 * Returns a mode switch as exactly `{ useDb: true | false }`, from an API body or a caller;
 * throws `ValidationError` for anything else (another type, a missing or non-boolean `useDb`,
 * or fields besides it).
 */
export function parseServiceMode(value: unknown): ServiceMode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('mode', `must be an object, got ${typeName(value)}`);
  }
  const extra = Object.keys(value).filter((key) => key !== 'useDb');
  if (extra.length > 0) {
    throw new ValidationError('mode', `unknown field(s) ${extra.join(', ')}`);
  }
  const { useDb } = value as { useDb?: unknown };
  if (typeof useDb !== 'boolean') {
    throw new ValidationError('useDb', `must be true or false, got ${typeName(useDb)}`);
  }
  return { useDb };
}
