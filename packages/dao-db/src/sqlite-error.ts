import type { CacheToggleError } from '@cachetoggle/model';
import { driverErrorOf, driverFailure, errorField } from './driver-error';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  CLIENT_CLOSED: 'closed',
  SQLITE_BUSY: 'database is locked',
  SQLITE_LOCKED: 'database is locked',
  SQLITE_CANTOPEN: 'cannot open the database file',
  SQLITE_READONLY: 'database is read-only',
  SQLITE_FULL: 'disk full',
  SQLITE_IOERR: 'i/o error',
  SQLITE_CORRUPT: 'database file is corrupt',
  SQLITE_NOTADB: 'not a database file',
};

/** True when libsql reports a taken primary key. */
export function isUniqueViolation(error: unknown): boolean {
  const extended = errorField(driverErrorOf(error), 'extendedCode');
  return extended === 'SQLITE_CONSTRAINT_PRIMARYKEY' || extended === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** What a failed SQLite operation throws (see `driverFailure`). */
export function sqliteFailure(error: unknown): CacheToggleError {
  return driverFailure(error, 'sqlite', DESCRIPTIONS);
}
