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
  UnavailableError,
  versionMismatch,
} from '@cachetoggle/model';
import { type Client, createClient, type InValue, type ResultSet } from '@libsql/client';
import { and, eq, sql } from 'drizzle-orm';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { SQLITE_MIGRATIONS_FOLDER } from './migrations-folder';
import { isUniqueViolation, sqliteFailure } from './sqlite-error';
import { SqliteModeStore } from './sqlite-mode-store';
import {
  resolveSqlitePersonDbOptions,
  type SqlitePersonDbOptions,
} from './sqlite-person-db-options';
import { sqlitePerson as person } from './sqlite-schema';
import {
  INSERT_INVALIDATION_IF_CHANGED,
  rowToPerson,
  SELECT_INVALIDATIONS_AFTER,
  SELECT_PERSON_BY_ID,
  selectPeopleByIds,
  TRIM_INVALIDATIONS,
} from './sqlite-statements';
import { SqliteTopologyStore } from './sqlite-topology-store';

/**
 * `PersonDb` on an embedded SQLite database (libsql): the demo's default when no MySQL is
 * configured. Reads run SQL written once (sqlite-statements.ts) on the client directly; each
 * write is one statement (`UPDATE … RETURNING`) and its outbox row, in one batch (a transaction).
 */
export class SqlitePersonDb implements PersonDb {
  readonly #client: Client;
  readonly #db: LibSQLDatabase;
  readonly #maxIdsPerQuery: number;
  #closed = false;
  #statements = 0;
  /**
   * The fleet's `useDb` mode, in this database (table `service_mode`, created by `migrate()`),
   * shared by every process that opens the same file; closed with the instance.
   */
  readonly modeStore: ModeStore;
  /**
   * The fleet's cache topology, in this database (table `cache_topology`, created by
   * `migrate()`), shared by every process on it; closed with the instance.
   */
  readonly topologyStore: TopologyStore;

  private constructor(client: Client, maxIdsPerQuery: number) {
    this.#client = client;
    this.#db = drizzle({ client });
    this.#maxIdsPerQuery = maxIdsPerQuery;
    this.modeStore = new SqliteModeStore(this.#db, (statement) => this.#run(statement));
    this.topologyStore = new SqliteTopologyStore(this.#db, (statement) => this.#run(statement));
  }

  /** Opens (creating if needed) the database file. Call `migrate()` before first use. */
  static async open(options: SqlitePersonDbOptions): Promise<SqlitePersonDb> {
    const { url, maxIdsPerQuery } = resolveSqlitePersonDbOptions(options);
    try {
      return new SqlitePersonDb(createClient({ url }), maxIdsPerQuery);
    } catch (error) {
      // libsql reports a file it cannot open without an error code.
      throw new UnavailableError('db', 'cannot open the database', { cause: error });
    }
  }

  /** Statements sent to SQLite so far (for benchmarks and tests), migrations not counted. */
  get queryCount(): number {
    return this.#statements;
  }

  /** Applies the committed migrations not applied yet; a no-op on an up-to-date database. */
  async migrate(): Promise<void> {
    this.#checkOpen();
    try {
      await migrate(this.#db, { migrationsFolder: SQLITE_MIGRATIONS_FOLDER });
    } catch (error) {
      throw sqliteFailure(error);
    }
  }

  async get(id: string): Promise<Person | undefined> {
    const args = [parsePersonId(id)];
    const { rows } = await this.#run(() =>
      this.#client.execute({ sql: SELECT_PERSON_BY_ID, args }),
    );
    const row = rows[0];
    return row === undefined ? undefined : rowToPerson(row);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Person>> {
    const distinct = parseIdList(ids, this.#maxIdsPerQuery);
    const people = new Map<string, Person>();
    if (distinct.length === 0) return people;
    const select = selectPeopleByIds(distinct, this.#maxIdsPerQuery);
    const { rows } = await this.#run(() => this.#client.execute(select));
    for (const row of rows) people.set(row.id as string, rowToPerson(row));
    return people;
  }

  async create(input: NewPersonWithId): Promise<Person> {
    const created = { ...parseNewPersonWithId(input), version: 1 };
    const insert = this.#db.insert(person).values(created).toSQL();
    await this.#run(
      () =>
        this.#client.batch(
          [
            { sql: insert.sql, args: insert.params as InValue[] },
            { sql: INSERT_INVALIDATION_IF_CHANGED, args: [created.id] },
          ],
          'write',
        ),
      (error) => (isUniqueViolation(error) ? idExists(created.id) : sqliteFailure(error)),
    );
    return created;
  }

  async update(id: string, changes: PersonChanges, expectedVersion?: number): Promise<Person> {
    const personId = parsePersonId(id);
    const { firstName, lastName } = parsePersonChanges(changes);
    const expected = parseExpectedVersion(expectedVersion);
    const update = this.#db
      .update(person)
      .set({ firstName, lastName, version: sql`${person.version} + 1` })
      .where(matching(personId, expected))
      .returning({
        id: person.id,
        first_name: person.firstName,
        last_name: person.lastName,
        version: person.version,
      })
      .toSQL();
    const [updated] = await this.#write(update, personId);
    const row = updated?.rows[0];
    if (row !== undefined) return rowToPerson(row);
    throw await this.#missOrConflict(personId, expected);
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    const personId = parsePersonId(id);
    const expected = parseExpectedVersion(expectedVersion);
    const remove = this.#db.delete(person).where(matching(personId, expected)).toSQL();
    const [removed] = await this.#write(remove, personId);
    if (removed?.rowsAffected === 1) return;
    throw await this.#missOrConflict(personId, expected);
  }

  async readInvalidations(afterSeq: number, limit: number): Promise<readonly PersonInvalidation[]> {
    const args = parseInvalidationRead(afterSeq, limit);
    const { rows } = await this.#run(() =>
      this.#client.execute({ sql: SELECT_INVALIDATIONS_AFTER, args }),
    );
    return rows.map((row) => ({ seq: Number(row.seq), id: row.id as string }));
  }

  async trimInvalidations(olderThanMs: number): Promise<void> {
    const args = [parseTrimAge(olderThanMs)];
    await this.#run(() => this.#client.execute({ sql: TRIM_INVALIDATIONS, args }));
  }

  /** Closes the database; later calls fail with `UnavailableError`. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.close();
  }

  // A write that matched no row: absent, or there at another version than expected.
  async #missOrConflict(id: string, expected: number | undefined): Promise<Error> {
    if (expected === undefined) return new NotFoundError(id);
    const rows = await this.#run(() =>
      this.#db.select({ version: person.version }).from(person).where(eq(person.id, id)),
    );
    const row = rows[0];
    return row === undefined ? new NotFoundError(id) : versionMismatch(id, expected, row.version);
  }

  // One write and its outbox row in one transaction; the row only if the write changed one.
  #write(statement: { sql: string; params: unknown[] }, id: string): Promise<ResultSet[]> {
    const write = { sql: statement.sql, args: statement.params as InValue[] };
    const record = { sql: INSERT_INVALIDATION_IF_CHANGED, args: [id] };
    return this.#run(() => this.#client.batch([write, record], 'write'));
  }

  async #run<T>(
    statement: () => PromiseLike<T>,
    failure: (error: unknown) => Error = sqliteFailure,
  ): Promise<T> {
    this.#checkOpen();
    this.#statements++;
    try {
      return await statement();
    } catch (error) {
      throw failure(error);
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('db', 'closed');
  }
}

function matching(id: string, expectedVersion: number | undefined) {
  const byId = eq(person.id, id);
  return expectedVersion === undefined ? byId : and(byId, eq(person.version, expectedVersion));
}
