import {
  isPersonId,
  parsePersonId,
  parseVersion,
  typeName,
  ValidationError,
} from '@cachetoggle/model';
import type { ReadOptions, ServiceMode } from './person-service';

/** Whether a read goes straight to the DB: `options.useDb`, else the service's mode. */
export function parseUseDb(options: ReadOptions | undefined, serviceUseDb: boolean): boolean {
  if (options === undefined) return serviceUseDb;
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options', `must be an object, got ${typeName(options)}`);
  }
  const { useDb } = options;
  if (useDb === undefined) return serviceUseDb;
  if (typeof useDb !== 'boolean') throw new ValidationError('useDb', 'must be a boolean');
  return useDb;
}

/** Validates the ids of a batch read (at most `maxBatch`) and removes duplicates, keeping order. */
export function parseIdBatch(ids: readonly string[], maxBatch: number): string[] {
  if (!Array.isArray(ids))
    throw new ValidationError('ids', `must be an array, got ${typeName(ids)}`);
  if (ids.length > maxBatch) {
    throw new ValidationError('ids', `must hold at most ${maxBatch} ids, got ${ids.length}`);
  }
  const seen = new Set<string>();
  const unique: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    // The field name is spelled only for an invalid id: most batches have none.
    if (!isPersonId(id)) parsePersonId(id, `ids.${i}`);
    const before = seen.size;
    seen.add(id as string);
    if (seen.size !== before) unique.push(id as string);
  }
  return unique;
}

/** Validates the argument of `setMode`. */
export function parseServiceMode(mode: ServiceMode): ServiceMode {
  if (typeof mode !== 'object' || mode === null) {
    throw new ValidationError('mode', `must be an object, got ${typeName(mode)}`);
  }
  if (typeof mode.useDb !== 'boolean') throw new ValidationError('useDb', 'must be a boolean');
  return { useDb: mode.useDb };
}

/** Validates an optional `expectedVersion`. */
export function parseExpectedVersion(version: number | undefined): number | undefined {
  return version === undefined ? undefined : parseVersion(version, 'expectedVersion');
}
