import { parseMysqlUrl } from '@cachetoggle/model';

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

/**
 * Parses `DATABASE_URL` by the model's one rule for MySQL URLs (the DAO applies the same one).
 * Errors name the variable and say what is wrong without repeating the value (it usually
 * carries a password).
 */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  const { host, port, database } = parseMysqlUrl(value, 'DATABASE_URL');
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return new DatabaseTarget(value, `mysql://${shownHost}:${port}/${database}`);
}
