import {
  idExists,
  type ModeStore,
  type NewPersonWithId,
  NotFoundError,
  type Person,
  type PersonChanges,
  type PersonDb,
  type PersonInvalidation,
  parseExpectedVersion,
  parseIdList,
  parseInvalidationRead,
  parseNewPersonWithId,
  parsePersonChanges,
  parsePersonId,
  parseTrimAge,
  type TopologyStore,
  versionMismatch,
} from '@cachetoggle/model';
import type { ResultSetHeader } from 'mysql2';
import { BoundedMysqlPool } from './bounded-mysql-pool';
import { retryDeadlocks } from './deadlock-retry';
import { isDuplicateKey, mysqlFailure } from './mysql-error';
import { applyMysqlMigrations } from './mysql-migration';
import { MysqlModeStore } from './mysql-mode-store';
import {
  type MysqlPersonDbOptions,
  type ResolvedMysqlPersonDbOptions,
  resolveMysqlPersonDbOptions,
} from './mysql-person-db-options';
import { serverStatementLimitMs, sessionLimitsStatement } from './mysql-session-limits';
import {
  deletePerson,
  type InvalidationRow,
  insertInvalidation,
  insertPerson,
  type PersonRow,
  SELECT_PERSON_BY_ID,
  selectInvalidationsAfter,
  selectPeopleByIds,
  toPerson,
  trimInvalidations,
  updatePerson,
} from './mysql-statements';
import { MysqlTopologyStore } from './mysql-topology-store';

/**
 * `PersonDb` on MySQL or MariaDB. Reads are single prepared statements on the pool (the hot
 * path: no query builder, rows mapped by hand); each write is one transaction with its outbox
 * row (and, for an update, its read-back). Every failure of the server or the network is an `UnavailableError`, and no
 * statement waits longer than `connectTimeoutMs` for a connection plus `queryTimeoutMs` to run;
 * the server itself stops a statement (a lock wait included) before the client would give up.
 */
export class MysqlPersonDb implements PersonDb {
  readonly #pool: BoundedMysqlPool;
  readonly #maxIdsPerQuery: number;
  readonly #queryTimeoutMs: number;
  readonly #outbox: boolean;
  /**
   * The fleet's `useDb` mode, in this database (table `service_mode`, created by `migrate()`),
   * on the same pool and time limits; closed with the instance.
   */
  readonly modeStore: ModeStore;
  /**
   * The fleet's cache topology, in this database (table `cache_topology`, created by
   * `migrate()`), shared by every process on it; closed with the instance.
   */
  readonly topologyStore: TopologyStore;

  private constructor(pool: BoundedMysqlPool, options: ResolvedMysqlPersonDbOptions) {
    this.#pool = pool;
    this.modeStore = new MysqlModeStore(pool);
    this.topologyStore = new MysqlTopologyStore(pool);
    this.#maxIdsPerQuery = options.maxIdsPerQuery;
    this.#queryTimeoutMs = options.queryTimeoutMs;
    this.#outbox = options.outbox;
  }

  /**
   * Checks the options (`ValidationError`) and creates the pool. Connects lazily: a server that
   * is down shows up as `UnavailableError` from the first call, so an application can start
   * and report it. Call `migrate()` before the first use of a new database.
   */
  static async open(options: MysqlPersonDbOptions): Promise<MysqlPersonDb> {
    const resolved = resolveMysqlPersonDbOptions(options);
    const { endpoint } = resolved;
    const pool = new BoundedMysqlPool({
      connectTimeoutMs: resolved.connectTimeoutMs,
      queryTimeoutMs: resolved.queryTimeoutMs,
      sessionStatement: sessionLimitsStatement(serverStatementLimitMs(resolved.queryTimeoutMs)),
      pool: {
        host: endpoint.host,
        port: endpoint.port,
        user: endpoint.user,
        password: endpoint.password,
        database: endpoint.database,
        connectionLimit: resolved.poolSize,
        // utf8mb4 on the wire whatever the server's default is, or emoji would not survive.
        charset: 'UTF8MB4_UNICODE_CI',
      },
    });
    return new MysqlPersonDb(pool, resolved);
  }

  /** Statements sent to the server so far (for benchmarks and tests): cheap to read. */
  get queryCount(): number {
    return this.#pool.statementCount;
  }

  /**
   * Applies the committed migrations not applied yet; a no-op on an up-to-date database. Safe
   * to run from several instances at once. Bounded by `queryTimeoutMs` like any operation.
   */
  async migrate(): Promise<void> {
    try {
      await this.#pool.withConnection((conn) => applyMysqlMigrations(conn, this.#queryTimeoutMs));
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  // Not async: every DB read of the service comes here, and chaining the statement's own
  // promise saves the one an async function would add.
  get(id: string): Promise<Person | undefined> {
    let personId: string;
    try {
      personId = parsePersonId(id);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#pool
      .execute<PersonRow[]>(SELECT_PERSON_BY_ID, [personId])
      .then(firstPerson, rethrowMysqlFailure);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Person>> {
    const distinct = parseIdList(ids, this.#maxIdsPerQuery);
    const people = new Map<string, Person>();
    if (distinct.length === 0) return people;
    const select = selectPeopleByIds(distinct, this.#maxIdsPerQuery);
    let rows: PersonRow[];
    try {
      rows = await this.#pool.execute<PersonRow[]>(select.sql, select.values);
    } catch (error) {
      throw mysqlFailure(error);
    }
    for (const row of rows) people.set(row.id, toPerson(row));
    return people;
  }

  async create(person: NewPersonWithId): Promise<Person> {
    const created = { ...parseNewPersonWithId(person), version: 1 };
    const insert = insertPerson(created);
    const record = insertInvalidation(created.id);
    try {
      await retryDeadlocks(() =>
        this.#pool.transaction(async (run) => {
          await run<ResultSetHeader>(insert.sql, insert.values);
          if (this.#outbox) await run<ResultSetHeader>(record.sql, record.values);
        }),
      );
    } catch (error) {
      throw isDuplicateKey(error) ? idExists(created.id) : mysqlFailure(error);
    }
    return created;
  }

  async update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    const personId = parsePersonId(id);
    const validChanges = parsePersonChanges(changes);
    const expected = parseExpectedVersion(expectedVersion);
    const update = updatePerson(personId, validChanges, expected);
    const record = insertInvalidation(personId);
    try {
      // Read back in the same transaction: the row stays locked by our update until commit,
      // so what we return is exactly what we wrote. The outbox row comes last, so its number
      // is taken just before the commit.
      return await retryDeadlocks(() =>
        this.#pool.transaction(async (run) => {
          const { affectedRows } = await run<ResultSetHeader>(update.sql, update.values);
          const row = (await run<PersonRow[]>(SELECT_PERSON_BY_ID, [personId]))[0];
          if (affectedRows === 1 && row !== undefined) {
            if (this.#outbox) await run<ResultSetHeader>(record.sql, record.values);
            return toPerson(row);
          }
          if (row === undefined || expected === undefined) throw new NotFoundError(personId);
          throw versionMismatch(personId, expected, row.version);
        }),
      );
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    const personId = parsePersonId(id);
    const expected = parseExpectedVersion(expectedVersion);
    const remove = deletePerson(personId, expected);
    const record = insertInvalidation(personId);
    try {
      await retryDeadlocks(() =>
        this.#pool.transaction(async (run) => {
          const { affectedRows } = await run<ResultSetHeader>(remove.sql, remove.values);
          if (affectedRows === 1) {
            if (this.#outbox) await run<ResultSetHeader>(record.sql, record.values);
            return;
          }
          if (expected === undefined) throw new NotFoundError(personId);
          // Absent, or there at another version: one more read tells which.
          const row = (await run<PersonRow[]>(SELECT_PERSON_BY_ID, [personId]))[0];
          if (row === undefined) throw new NotFoundError(personId);
          throw versionMismatch(personId, expected, row.version);
        }),
      );
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  async readInvalidations(afterSeq: number, limit: number): Promise<readonly PersonInvalidation[]> {
    const select = selectInvalidationsAfter(...parseInvalidationRead(afterSeq, limit));
    try {
      const rows = await this.#pool.execute<InvalidationRow[]>(select.sql, select.values);
      return rows.map((row) => ({ seq: Number(row.seq), id: row.id }));
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  async trimInvalidations(olderThanMs: number): Promise<void> {
    const trim = trimInvalidations(parseTrimAge(olderThanMs));
    try {
      await this.#pool.execute<ResultSetHeader>(trim.sql, trim.values);
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  /** Closes the pool; later calls fail with `UnavailableError`. Idempotent. */
  async close(): Promise<void> {
    await this.#pool.end();
  }
}

function firstPerson(rows: PersonRow[]): Person | undefined {
  const row = rows[0];
  return row === undefined ? undefined : toPerson(row);
}

function rethrowMysqlFailure(error: unknown): never {
  throw mysqlFailure(error);
}
