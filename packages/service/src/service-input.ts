import { typeName, ValidationError } from '@cachetoggle/model';
import type { ReadOptions } from './person-service';

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
