import type { PoolConnection, RowDataPacket } from 'mysql2';

/**
 * How long the server may spend on one statement of ours: below the client's `queryTimeoutMs`
 * with room for the rest of a transaction (at least half of it, at most one second less). A
 * statement the client has given up on must not go on to commit later: a write that waited out
 * the client's timeout on a row lock would otherwise commit after its caller was told it failed,
 * and after its invalidation was sent.
 */
export function serverStatementLimitMs(queryTimeoutMs: number): number {
  // Never 0: MariaDB reads a zero max_statement_time as "no limit".
  return Math.max(1, Math.floor(queryTimeoutMs / 2), queryTimeoutMs - 1000);
}

/**
 * Sets the session's limits on `conn` from `limitMs`: the InnoDB lock wait (whole seconds, at
 * least 1, on both servers) and the time of any statement (MariaDB's `max_statement_time`,
 * fractional seconds) or of a SELECT (MySQL's `max_execution_time`; MySQL has no limit for
 * writes other than the lock wait). One round trip finds which server it is.
 */
export async function applySessionLimits(conn: PoolConnection, limitMs: number): Promise<void> {
  const client = conn.promise();
  const [rows] = await client.query<RowDataPacket[]>('SELECT VERSION() AS version');
  const mariadb = String(rows[0]?.version ?? '').includes('MariaDB');
  const lockWaitSeconds = Math.max(1, Math.floor(limitMs / 1000));
  const statementLimit = mariadb
    ? `max_statement_time = ${limitMs / 1000}`
    : `max_execution_time = ${limitMs}`;
  await client.query(
    `SET SESSION innodb_lock_wait_timeout = ${lockWaitSeconds}, SESSION ${statementLimit}`,
  );
}
