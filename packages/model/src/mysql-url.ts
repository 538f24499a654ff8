import { ValidationError } from './errors';
import { typeName } from './person-id';

/** Where to connect to MySQL/MariaDB, taken apart from a `mysql://` URL. */
export interface MysqlEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** The port MySQL and MariaDB listen on unless told otherwise. */
export const DEFAULT_MYSQL_PORT = 3306;

/** Database names accepted: what needs no quoting in a statement or a shell. */
const DATABASE_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

const FORM = 'mysql://user:password@host:port/database';

/**
 * Parses `mysql://user:password@host:port/database` (user and password percent-encoded; port
 * 3306 when absent; an IPv6 host in brackets). Throws `ValidationError(field)` for anything
 * else, including a query string or fragment and a database name outside 1-64 characters of
 * `A-Z a-z 0-9 _ $ -`. Messages never repeat the URL, which usually carries a password.
 */
export function parseMysqlUrl(value: unknown, field = 'url'): MysqlEndpoint {
  if (typeof value !== 'string') {
    throw new ValidationError(field, `must be a string, got ${typeName(value)}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(field, `is not a valid URL (expected ${FORM})`);
  }
  if (url.protocol !== 'mysql:') {
    throw new ValidationError(field, `must use the mysql: scheme (${FORM})`);
  }
  if (url.hostname === '') throw new ValidationError(field, `must name a host (${FORM})`);
  if (url.search !== '' || url.hash !== '') {
    throw new ValidationError(field, 'must not have query parameters or a fragment');
  }
  const database = decodePart(url.pathname.slice(1), 'database name', field);
  if (!DATABASE_NAME.test(database)) {
    throw new ValidationError(
      field,
      `must name one database of 1-64 characters from A-Z a-z 0-9 _ $ - (${FORM})`,
    );
  }
  return {
    // new URL keeps the brackets of an IPv6 host; a driver wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? DEFAULT_MYSQL_PORT : Number(url.port),
    user: decodePart(url.username, 'user name', field),
    password: decodePart(url.password, 'password', field),
    database,
  };
}

function decodePart(part: string, what: string, field: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ValidationError(field, `has a badly percent-encoded ${what}`);
  }
}
