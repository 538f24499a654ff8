import { sql } from 'drizzle-orm';

/**
 * The id of the one row of each single-row table (`service_mode`, `cache_topology`): each
 * holds one value the whole fleet follows, and nothing else.
 */
export const SHARED_ROW_ID = 1;

/**
 * MySQL/MariaDB's clock in milliseconds. The database server's clock stamps a shared row's
 * change, so every process reports one time for it whatever its own clock says.
 */
export const MYSQL_NOW_MS = sql`CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS UNSIGNED)`;

/**
 * SQLite's own clock in milliseconds, for the same reason as `MYSQL_NOW_MS` (julianday counts
 * days from noon, 24 November 4714 BC).
 */
export const SQLITE_NOW_MS = sql`CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;

/** Runs one statement as `SqlitePersonDb` does: open check, count, failures mapped. */
export type RunSqlite = <T>(statement: () => PromiseLike<T>) => Promise<T>;
