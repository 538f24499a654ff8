import { UnavailableError } from '@cachetoggle/model';
import type { Pool, PoolConnection } from 'mysql2';
import type { SqlValue } from './bounded-mysql-pool';

/** The limits and the counter a `BoundedStatement` works with, owned by its pool. */
export interface StatementLimits {
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** Called right before the statement is sent (the pool counts statements). */
  readonly onSend: () => void;
}

/**
 * One statement run on a connection of its own, from asking the pool for a connection to
 * handing it back, under the same two limits as every pool operation: `connectTimeoutMs` to
 * obtain the connection, then `queryTimeoutMs` for the statement. A connection whose statement
 * overran is destroyed, not returned (its late answer must not reach the next borrower); one
 * that arrives after the wait for it gave up goes straight back to the pool.
 *
 * This is the DB's hot path (every DB read of the service), so it is written as one object
 * settling one promise, with its steps as callbacks, rather than as a chain of awaited steps:
 * each layer of that chain cost a promise and closures on every read. For the same reason one
 * timer serves both limits: armed for the wait, it is kept for the statement unless it would
 * fire after the statement's deadline, and when it fires early it re-arms for the time left,
 * so a statement answered in time costs one timer instead of two.
 */
export class BoundedStatement<T> {
  readonly #limits: StatementLimits;
  readonly #sql: string;
  readonly #values: SqlValue[];
  readonly #resolve: (value: T) => void;
  readonly #reject: (error: unknown) => void;
  #connection: PoolConnection | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** When the timer, armed for the wait for a connection, fires. */
  #timerDueAt = 0;
  /** When the statement, once sent, runs out of time. */
  #queryDueAt = 0;
  /** Set once the promise is settled: whatever the driver says later is ignored. */
  #settled = false;

  constructor(
    limits: StatementLimits,
    sql: string,
    values: SqlValue[],
    resolve: (value: T) => void,
    reject: (error: unknown) => void,
  ) {
    this.#limits = limits;
    this.#sql = sql;
    this.#values = values;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Asks `pool` for a connection and runs the statement on it. */
  start(pool: Pool): void {
    this.#timerDueAt = performance.now() + this.#limits.connectTimeoutMs;
    this.#timer = setTimeout(timerFired, this.#limits.connectTimeoutMs, this);
    pool.getConnection((error, connection) => this.#acquired(error, connection));
  }

  /** The one timer of this statement fired: a limit ran out, or the timer must go on. */
  timerFired(): void {
    if (this.#settled) return;
    const connection = this.#connection;
    // Node may fire a timer up to a millisecond early (its loop clock is read once per turn):
    // a limit is never declared out before its time, so an early timer is armed again.
    const now = performance.now();
    const due = connection === undefined ? this.#timerDueAt : this.#queryDueAt;
    if (due > now) {
      this.#timer = setTimeout(timerFired, Math.ceil(due - now), this);
      return;
    }
    if (connection === undefined) {
      this.#fail(
        new UnavailableError('db', `no connection within ${this.#limits.connectTimeoutMs} ms`),
      );
      return;
    }
    // The statement ran out of time: its connection may be stuck, so it is not reused.
    connection.destroy();
    this.#fail(
      new UnavailableError('db', `query timed out after ${this.#limits.queryTimeoutMs} ms`),
    );
  }

  #acquired(error: NodeJS.ErrnoException | null, connection: PoolConnection): void {
    if (this.#settled) {
      if (!error) connection.release();
      return;
    }
    if (error) {
      clearTimeout(this.#timer);
      this.#fail(error);
      return;
    }
    this.#connection = connection;
    // The wait's timer goes on as the statement's when it fires no later than the statement's
    // deadline (a statement answered before it never needs another); otherwise it is replaced.
    this.#queryDueAt = performance.now() + this.#limits.queryTimeoutMs;
    if (this.#timerDueAt > this.#queryDueAt) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(timerFired, this.#limits.queryTimeoutMs, this);
    }
    this.#limits.onSend();
    connection.execute(this.#sql, this.#values, (failure, result) =>
      this.#answered(failure, result as T),
    );
  }

  #answered(error: Error | null, result: T): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    // A connection that failed fatally has already left the pool; release is then a no-op.
    this.#connection?.release();
    if (error) this.#reject(error);
    else this.#resolve(result);
  }

  #fail(error: unknown): void {
    this.#settled = true;
    this.#reject(error);
  }
}

function timerFired(statement: { timerFired(): void }): void {
  statement.timerFired();
}
