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
 * The statement that sets a session's limits from `limitMs`: the InnoDB lock wait (whole
 * seconds, at least 1, on both servers) and, on MariaDB, the time of any statement
 * (`max_statement_time`, fractional seconds). The MariaDB part sits in an executable comment
 * (opened by slash, star, `M!`), which MariaDB executes and MySQL skips, so one statement fits
 * both servers and needs no round trip to learn which one answers. MySQL bounds writes only by the lock wait (its
 * `max_execution_time` covers SELECTs alone, and a read that outlives its caller commits
 * nothing).
 */
export function sessionLimitsStatement(limitMs: number): string {
  const lockWaitSeconds = Math.max(1, Math.floor(limitMs / 1000));
  return `SET SESSION innodb_lock_wait_timeout = ${lockWaitSeconds} /*M!, SESSION max_statement_time = ${limitMs / 1000} */`;
}
