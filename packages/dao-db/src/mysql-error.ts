import { type CacheToggleError, UnavailableError } from '@cachetoggle/model';
import { driverErrorOf, driverFailure, errorField } from './driver-error';

/** MySQL's "duplicate entry for key" error number. */
const ER_DUP_ENTRY = 1062;

/** MariaDB's "max_statement_time exceeded", which mysql2 has no code name for. */
const ER_STATEMENT_TIMEOUT = 1969;

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connect timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection lost',
  EPIPE: 'connection lost',
  PROTOCOL_CONNECTION_LOST: 'connection lost',
  PROTOCOL_SEQUENCE_TIMEOUT: 'query timed out',
  ER_CON_COUNT_ERROR: 'too many connections',
  ER_TOO_MANY_USER_CONNECTIONS: 'too many connections',
  ER_ACCESS_DENIED_ERROR: 'access denied',
  ER_DBACCESS_DENIED_ERROR: 'access denied',
  ER_BAD_DB_ERROR: 'unknown database',
  ER_NO_SUCH_TABLE: 'table missing (run migrate())',
  ER_LOCK_WAIT_TIMEOUT: 'lock wait timed out',
  ER_LOCK_DEADLOCK: 'deadlock',
  ER_SERVER_SHUTDOWN: 'server shutting down',
  ER_QUERY_INTERRUPTED: 'query interrupted',
  ER_QUERY_TIMEOUT: 'statement timed out on the server',
};

/** True when mysql2 reports a duplicate primary key. */
export function isDuplicateKey(error: unknown): boolean {
  return errorField(driverErrorOf(error), 'errno') === ER_DUP_ENTRY;
}

/** What a failed MySQL operation throws (see `driverFailure`). */
export function mysqlFailure(error: unknown): CacheToggleError {
  if (errorField(driverErrorOf(error), 'errno') === ER_STATEMENT_TIMEOUT) {
    return new UnavailableError('db', 'statement timed out on the server', { cause: error });
  }
  return driverFailure(error, 'mysql', DESCRIPTIONS);
}
