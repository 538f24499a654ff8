import { UnavailableError } from '@cachetoggle/model';
import {
  createPool,
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type ResultSetHeader,
  type RowDataPacket,
} from 'mysql2';
import { BoundedStatement, type StatementLimits } from './bounded-statement';

/** A value bound to a placeholder: the model's ids, names and versions are all of these. */
export type SqlValue = string | number;

/** What one statement returns: rows for a SELECT, a header for a write. */
export type StatementResult = RowDataPacket[] | ResultSetHeader;

/** Runs one parameterised statement on the connection a transaction holds. */
export type RunStatement = <T extends StatementResult>(
  sql: string,
  values: SqlValue[],
) => Promise<T>;

/** The pool and the two time limits that bound every operation on it. */
export interface BoundedMysqlPoolOptions {
  readonly pool: PoolOptions;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** Runs on each new connection before anything else is sent on it (session settings). */
  readonly sessionStatement?: string;
}

/**
 * A mysql2 pool on which no operation waits for ever. mysql2 bounds a connection attempt
 * (`connectTimeout`) but not the wait in its queue for a free connection, nor a prepare, nor
 * a transaction; so each operation gets `connectTimeoutMs` to obtain a connection and then
 * `queryTimeoutMs` to finish with it. A connection whose operation overran is destroyed, not
 * returned: its server may be hung, and its late answer must not reach the next borrower.
 *
 * Statements are prepared (`execute`): values travel apart from the SQL text, always.
 * Failures are the driver's errors, or `UnavailableError` for the limits and for a closed pool.
 */
export class BoundedMysqlPool {
  readonly #pool: Pool;
  readonly #connectTimeoutMs: number;
  readonly #queryTimeoutMs: number;
  readonly #limits: StatementLimits;
  #closed = false;
  #statements = 0;

  constructor(options: BoundedMysqlPoolOptions) {
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#queryTimeoutMs = options.queryTimeoutMs;
    this.#limits = {
      connectTimeoutMs: options.connectTimeoutMs,
      queryTimeoutMs: options.queryTimeoutMs,
      onSend: () => {
        this.#statements++;
      },
    };
    this.#pool = createPool({ ...options.pool, connectTimeout: options.connectTimeoutMs });
    const { sessionStatement } = options;
    if (sessionStatement !== undefined) {
      // Queued on the new connection before the borrower's first statement, so every statement
      // of ours runs under it; a connection that refuses it is not used.
      this.#pool.on('connection', (conn) => {
        conn.query(sessionStatement, (error) => {
          if (error) conn.destroy();
        });
      });
    }
  }

  /** Statements sent so far (transaction control included, migrations not). */
  get statementCount(): number {
    return this.#statements;
  }

  /** Runs one statement on a connection of its own. */
  execute<T extends StatementResult>(sql: string, values: SqlValue[]): Promise<T> {
    if (this.#closed) return Promise.reject(new UnavailableError('db', 'closed'));
    return new Promise<T>((resolve, reject) => {
      new BoundedStatement<T>(this.#limits, sql, values, resolve, reject).start(this.#pool);
    });
  }

  /**
   * Runs `work` inside a transaction on one connection: committed if `work` resolves, rolled
   * back if it throws (and the connection destroyed if even the rollback fails).
   */
  transaction<T>(work: (run: RunStatement) => Promise<T>): Promise<T> {
    return this.withConnection(async (conn) => {
      await this.#control(conn, 'START TRANSACTION');
      let result: T;
      try {
        result = await work((sql, values) => this.#run(conn, sql, values));
      } catch (error) {
        await this.#control(conn, 'ROLLBACK').catch(() => conn.destroy());
        throw error;
      }
      await this.#control(conn, 'COMMIT');
      return result;
    });
  }

  /** Lends a connection to `work` within the time limits; for what needs the raw connection. */
  async withConnection<T>(work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    const conn = await this.#acquire();
    return this.#bounded(conn, work);
  }

  /**
   * Closes every connection; later calls fail with `UnavailableError`. Idempotent. Waits at most
   * `connectTimeoutMs` for the server to acknowledge.
   */
  async end(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    const ended = new Promise<void>((resolve) => this.#pool.end(() => resolve()));
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#connectTimeoutMs);
    });
    await Promise.race([ended, gaveUp]);
    clearTimeout(timer);
  }

  #acquire(): Promise<PoolConnection> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new UnavailableError('db', 'closed'));
        return;
      }
      let waiting = true;
      const timer = setTimeout(() => {
        waiting = false;
        reject(new UnavailableError('db', `no connection within ${this.#connectTimeoutMs} ms`));
      }, this.#connectTimeoutMs);
      this.#pool.getConnection((error, conn) => {
        if (!waiting) {
          if (!error) conn.release();
          return;
        }
        waiting = false;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(conn);
      });
    });
  }

  #bounded<T>(conn: PoolConnection, work: (conn: PoolConnection) => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      let running = true;
      const timer = setTimeout(() => {
        running = false;
        conn.destroy();
        reject(new UnavailableError('db', `query timed out after ${this.#queryTimeoutMs} ms`));
      }, this.#queryTimeoutMs);
      work(conn).then(
        (value) => {
          if (!running) return;
          running = false;
          clearTimeout(timer);
          conn.release();
          resolve(value);
        },
        (error: unknown) => {
          if (!running) return;
          running = false;
          clearTimeout(timer);
          // A connection that failed fatally has already left the pool; release is then a no-op.
          conn.release();
          reject(error);
        },
      );
    });
  }

  #run<T extends StatementResult>(
    conn: PoolConnection,
    sql: string,
    values: SqlValue[],
  ): Promise<T> {
    this.#statements++;
    return new Promise((resolve, reject) => {
      conn.execute<T>(sql, values, (error, result) => {
        if (error) reject(error);
        else resolve(result);
      });
    });
  }

  #control(conn: PoolConnection, sql: 'START TRANSACTION' | 'COMMIT' | 'ROLLBACK'): Promise<void> {
    this.#statements++;
    return new Promise((resolve, reject) => {
      conn.query(sql, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }
}
