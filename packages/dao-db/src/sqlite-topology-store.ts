import {
  type CacheTopology,
  canonicalServers,
  nextTopology,
  type TopologyStore,
  UnavailableError,
} from '@cachetoggle/model';
import { and, eq } from 'drizzle-orm';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { type RunSqlite, SHARED_ROW_ID, SQLITE_NOW_MS } from './shared-row';
import { sqliteCacheTopology as topology } from './sqlite-schema';
import { topologyColumns, toTopology } from './topology-row';

/** Proposals lost to concurrent ones before giving up (each loss is a new generation). */
const MAX_ATTEMPTS = 20;

/**
 * `TopologyStore` in the `cache_topology` table of the embedded database (get it from
 * `SqlitePersonDb.topologyStore`). A change is one statement, atomic on its own: an insert of
 * the first row that does nothing on conflict, or an `UPDATE … WHERE generation = <the one
 * read> RETURNING`; a proposal that loses the race reads again and retries.
 */
export class SqliteTopologyStore implements TopologyStore {
  readonly #db: LibSQLDatabase;
  readonly #run: RunSqlite;

  /** A store on `db`, running its statements through `run`; the table comes with `migrate()`. */
  constructor(db: LibSQLDatabase, run: RunSqlite) {
    this.#db = db;
    this.#run = run;
  }

  async read(): Promise<CacheTopology | undefined> {
    const rows = await this.#run(() =>
      this.#db.select().from(topology).where(eq(topology.id, SHARED_ROW_ID)),
    );
    return rows[0] === undefined ? undefined : toTopology(rows[0]);
  }

  async propose(servers: readonly string[]): Promise<CacheTopology> {
    const wanted = canonicalServers(servers);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.read();
      const next = nextTopology(current, wanted);
      if (next === undefined) return current as CacheTopology;
      const columns = { ...topologyColumns(next), changedAt: SQLITE_NOW_MS };
      const rows = await this.#run(() =>
        current === undefined
          ? this.#db
              .insert(topology)
              .values({ id: SHARED_ROW_ID, ...columns })
              .onConflictDoNothing()
              .returning()
          : this.#db
              .update(topology)
              .set(columns)
              .where(
                and(eq(topology.id, SHARED_ROW_ID), eq(topology.generation, current.generation)),
              )
              .returning(),
      );
      if (rows[0] !== undefined) return toTopology(rows[0]);
    }
    throw new UnavailableError('db', 'the cache topology kept changing under this proposal');
  }
}
