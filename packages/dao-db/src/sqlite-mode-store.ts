import {
  type ModeStore,
  type SharedMode,
  typeName,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { eq } from 'drizzle-orm';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { type RunSqlite, SHARED_ROW_ID, SQLITE_NOW_MS } from './shared-row';
import { sqliteServiceMode as mode } from './sqlite-schema';

/**
 * `ModeStore` in the `service_mode` table of the embedded database, so that every process
 * using the same database file follows one switch (get it from `SqlitePersonDb.modeStore`).
 * A write is one upsert with `RETURNING`, atomic on its own.
 */
export class SqliteModeStore implements ModeStore {
  readonly #db: LibSQLDatabase;
  readonly #run: RunSqlite;

  /** A store on `db`, running its statements through `run`; the table comes with `migrate()`. */
  constructor(db: LibSQLDatabase, run: RunSqlite) {
    this.#db = db;
    this.#run = run;
  }

  async read(): Promise<SharedMode | undefined> {
    const rows = await this.#run(() =>
      this.#db
        .select({ useDb: mode.useDb, changedAt: mode.changedAt })
        .from(mode)
        .where(eq(mode.id, SHARED_ROW_ID)),
    );
    return rows[0];
  }

  async write(useDb: boolean): Promise<SharedMode> {
    if (typeof useDb !== 'boolean') {
      throw new ValidationError('useDb', `must be a boolean, got ${typeName(useDb)}`);
    }
    const rows = await this.#run(() =>
      this.#db
        .insert(mode)
        .values({ id: SHARED_ROW_ID, useDb, changedAt: SQLITE_NOW_MS })
        .onConflictDoUpdate({ target: mode.id, set: { useDb, changedAt: SQLITE_NOW_MS } })
        .returning({ useDb: mode.useDb, changedAt: mode.changedAt }),
    );
    const [stored] = rows;
    if (stored === undefined) throw new UnavailableError('db', 'the mode row was not read back');
    return stored;
  }
}
