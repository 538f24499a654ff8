import {
  type CacheTopology,
  canonicalServers,
  nextTopology,
  type TopologyStore,
  UnavailableError,
} from '@cachetoggle/model';
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import type { ResultSetHeader, RowDataPacket } from 'mysql2';
import type { BoundedMysqlPool, RunStatement, SqlValue } from './bounded-mysql-pool';
import { mysqlFailure } from './mysql-error';
import { mysqlCacheTopology as topology } from './mysql-schema';
import { MYSQL_NOW_MS, SHARED_ROW_ID } from './shared-row';
import { topologyColumns, toTopology } from './topology-row';

/** Proposals lost to concurrent ones before giving up (each loss is a new generation). */
const MAX_ATTEMPTS = 20;

const builder = drizzle.mock();

const SELECT_TOPOLOGY = builder
  .select()
  .from(topology)
  .where(eq(topology.id, SHARED_ROW_ID))
  .toSQL();

// drizzle's select names the columns, not the fields: rows come back in column names.
interface Row extends RowDataPacket {
  generation: number;
  servers: string;
  epoch: number;
  previous_servers: string | null;
  previous_epoch: number | null;
  changed_at: number | string;
}

/**
 * `TopologyStore` in the `cache_topology` table of the people's MySQL/MariaDB database, on the
 * `MysqlPersonDb`'s pool (get it from `MysqlPersonDb.topologyStore`). A change is an `INSERT
 * IGNORE` of the first row or an `UPDATE … WHERE generation = <the one read>`: a proposal that
 * loses the race reads again and retries against the winner's generation.
 */
export class MysqlTopologyStore implements TopologyStore {
  readonly #pool: BoundedMysqlPool;

  /** A store on `pool`; the table comes with `MysqlPersonDb.migrate()`. */
  constructor(pool: BoundedMysqlPool) {
    this.#pool = pool;
  }

  async read(): Promise<CacheTopology | undefined> {
    try {
      return await select((statement, values) => this.#pool.execute(statement, values));
    } catch (error) {
      throw mysqlFailure(error);
    }
  }

  async propose(servers: readonly string[]): Promise<CacheTopology> {
    const wanted = canonicalServers(servers);
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        // The read-back shares the transaction and the changed row stays locked until the
        // commit, so it returns this change, not a later one.
        const stored = await this.#pool.transaction(async (run) => {
          const current = await select(run);
          const next = nextTopology(current, wanted);
          if (next === undefined) return current;
          const columns = { ...topologyColumns(next), changedAt: MYSQL_NOW_MS };
          const write =
            current === undefined
              ? builder
                  .insert(topology)
                  .ignore()
                  .values({ id: SHARED_ROW_ID, ...columns })
                  .toSQL()
              : builder
                  .update(topology)
                  .set(columns)
                  .where(
                    and(
                      eq(topology.id, SHARED_ROW_ID),
                      eq(topology.generation, current.generation),
                    ),
                  )
                  .toSQL();
          const { affectedRows } = await run<ResultSetHeader>(
            write.sql,
            write.params as SqlValue[],
          );
          return affectedRows === 1 ? select(run) : undefined;
        });
        if (stored !== undefined) return stored;
      }
    } catch (error) {
      throw mysqlFailure(error);
    }
    throw new UnavailableError('db', 'the cache topology kept changing under this proposal');
  }
}

async function select(run: RunStatement): Promise<CacheTopology | undefined> {
  const rows = await run<Row[]>(SELECT_TOPOLOGY.sql, SELECT_TOPOLOGY.params as SqlValue[]);
  const row = rows[0];
  if (row === undefined) return undefined;
  return toTopology({
    generation: row.generation,
    servers: row.servers,
    epoch: row.epoch,
    previousServers: row.previous_servers,
    previousEpoch: row.previous_epoch,
    changedAt: Number(row.changed_at),
  });
}
