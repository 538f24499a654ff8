import {
  booleanOption,
  integerOption,
  type MysqlEndpoint,
  optionCheckedBy,
  optionsObject,
  parseMysqlUrl,
  parseOptions,
} from '@cachetoggle/model';

/** How to reach MySQL/MariaDB and how long to wait for it. */
export interface MysqlPersonDbOptions {
  /** `mysql://user:pass@host:port/db`; user and password percent-encoded. */
  readonly url: string;
  /** Most connections held open at once. Default 10. */
  readonly poolSize?: number;
  /** Longest wait for a connection, including the server's handshake. Default 2000. */
  readonly connectTimeoutMs?: number;
  /**
   * Longest one operation may run once it holds a connection: one read, one write with its
   * transaction, or one `migrate()` run. The connection is destroyed when it passes. The server
   * is told to stop any one statement (a lock wait included) sooner, after the larger of half of
   * it and it less one second, so a write given up on never commits later. Default 5000.
   */
  readonly queryTimeoutMs?: number;
  /** Most distinct ids one `getMany` accepts. Default 1000. */
  readonly maxIdsPerQuery?: number;
  /**
   * Whether each write records its id in the outbox (`person_invalidation`) in its
   * transaction. Default true; false saves that insert where no other process shares the
   * cache (and measures what the outbox costs), and leaves a crashed writer's or a late
   * commit's stale entry to the TTL. A service over it should then not follow the outbox.
   */
  readonly outbox?: boolean;
}

/** Options with every default applied and every value checked. */
export interface ResolvedMysqlPersonDbOptions {
  readonly endpoint: MysqlEndpoint;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly maxIdsPerQuery: number;
  readonly outbox: boolean;
}

const mysqlOptionsSchema = optionsObject({
  url: optionCheckedBy(parseMysqlUrl),
  poolSize: integerOption(1, 1000, 10),
  connectTimeoutMs: integerOption(1, 600_000, 2000),
  queryTimeoutMs: integerOption(1, 3_600_000, 5000),
  // 65535 is the most placeholders one prepared statement may have.
  maxIdsPerQuery: integerOption(1, 65_535, 1000),
  outbox: booleanOption(true),
});

/**
 * Checks `options` and applies the defaults. Throws `ValidationError` naming the option; a bad
 * URL is described without repeating it, since it may carry a password.
 */
export function resolveMysqlPersonDbOptions(options: unknown): ResolvedMysqlPersonDbOptions {
  const { url, ...rest } = parseOptions(mysqlOptionsSchema, options);
  return { endpoint: url, ...rest };
}
