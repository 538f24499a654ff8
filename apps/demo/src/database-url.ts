import { ValidationError } from '@cachetoggle/model';

/**
 * A MySQL/MariaDB connection URL that can be logged safely: the URL itself sits in a private
 * field, and every way of printing the object (`String()`, `JSON.stringify`, `console.log`)
 * shows only `mysql://host:port/db`.
 */
export class DatabaseTarget {
  readonly #url: string;

  /** `mysql://host:port/db`, without user or password. */
  readonly display: string;

  constructor(url: string, display: string) {
    this.#url = url;
    this.display = display;
  }

  /** The full URL, credentials included: hand it to the driver and nowhere else. */
  url(): string {
    return this.#url;
  }

  toString(): string {
    return this.display;
  }

  toJSON(): string {
    return this.display;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `DatabaseTarget(${this.display})`;
  }
}

const MESSAGE = 'must be a URL of the form mysql://user:password@host:port/database';

/**
 * Parses `DATABASE_URL`. Errors name the variable and say what is wrong without repeating the
 * value (it usually carries a password).
 */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError('DATABASE_URL', MESSAGE);
  }
  if (url.protocol !== 'mysql:') {
    throw new ValidationError('DATABASE_URL', `${MESSAGE} (the scheme must be mysql:)`);
  }
  if (url.hostname === '') {
    throw new ValidationError('DATABASE_URL', `${MESSAGE} (the host is missing)`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ValidationError('DATABASE_URL', `${MESSAGE} (no query string or fragment)`);
  }
  const database = url.pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) {
    throw new ValidationError(
      'DATABASE_URL',
      `${MESSAGE} (the database name must be 1-64 characters from A-Z a-z 0-9 _ $ -)`,
    );
  }
  return new DatabaseTarget(value, `mysql://${url.hostname}:${url.port || '3306'}/${database}`);
}
