import {
  type ModeStore,
  type SharedMode,
  typeName,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import type { RowDataPacket } from 'mysql2';
import type { BoundedMysqlPool, SqlValue } from './bounded-mysql-pool';
import { mysqlFailure } from './mysql-error';
import { mysqlServiceMode as mode } from './mysql-schema';
import { MYSQL_NOW_MS, SHARED_ROW_ID } from './shared-row';

const builder = drizzle.mock();

const SELECT_MODE = builder
  .select({ useDb: mode.useDb, changedAt: mode.changedAt })
  .from(mode)
  .where(eq(mode.id, SHARED_ROW_ID))
  .toSQL();

/** The upsert of the one row, stamped by the server (mode writes are rare: built per call). */
function upsertMode(useDb: boolean): { sql: string; values: SqlValue[] } {
  const query = builder
    .insert(mode)
    .values({ id: SHARED_ROW_ID, useDb, changedAt: MYSQL_NOW_MS })
    .onDuplicateKeyUpdate({
      set: { useDb: sql`VALUES(${mode.useDb})`, changedAt: sql`VALUES(${mode.changedAt})` },
    })
    .toSQL();
  // The pool's statements take numbers and strings; the boolean column is a tinyint.
  const values = query.params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
  return { sql: query.sql, values: values as SqlValue[] };
}

// drizzle's select names the columns, not the fields: rows come back in column names.
interface ModeRow extends RowDataPacket {
  use_db: number;
  changed_at: number | string;
}

/**
 * `ModeStore` in the `service_mode` table of the people's MySQL/MariaDB database, on the
 * `MysqlPersonDb`'s pool and under its time limits (get it from `MysqlPersonDb.modeStore`).
 */
export class MysqlModeStore implements ModeStore {
  readonly #pool: BoundedMysqlPool;

  /** A store on `pool`; the table comes with `MysqlPersonDb.migrate()`. */
  constructor(pool: BoundedMysqlPool) {
    this.#pool = pool;
  }

  async read(): Promise<SharedMode | undefined> {
    try {
      const rows = await this.#pool.execute<ModeRow[]>(
        SELECT_MODE.sql,
        SELECT_MODE.params as SqlValue[],
      );
      return toSharedMode(rows[0]);
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  async write(useDb: boolean): Promise<SharedMode> {
    if (typeof useDb !== 'boolean') {
      throw new ValidationError('useDb', `must be a boolean, got ${typeName(useDb)}`);
    }
    try {
      // The read-back shares the transaction: it sees this write, not a later one's.
      const stored = await this.#pool.transaction(async (run) => {
        const upsert = upsertMode(useDb);
        await run(upsert.sql, upsert.values);
        return toSharedMode(
          (await run<ModeRow[]>(SELECT_MODE.sql, SELECT_MODE.params as SqlValue[]))[0],
        );
      });
      if (stored === undefined) throw new UnavailableError('db', 'the mode row was not read back');
      return stored;
    } catch (error) {
      throw mysqlFailure(error);
    }
  }
}

function toSharedMode(row: ModeRow | undefined): SharedMode | undefined {
  if (row === undefined) return undefined;
  return { useDb: Number(row.use_db) === 1, changedAt: Number(row.changed_at) };
}
