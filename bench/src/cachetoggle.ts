import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { SqlitePersonDb } from '@cachetoggle/dao-db/sqlite';
import { CacheAsidePersonService, type NearCacheOptions } from '@cachetoggle/service';
import { POOL_SIZE } from './raw-clients';

/** A cachetoggle service over memcached (one namespace) and the run's MySQL DAO. */
export interface CachetoggleStack {
  readonly service: CacheAsidePersonService;
  readonly cache: MemcachePersonCache;
  /** Stops the service and closes its cache; the shared DAO stays open. */
  close(): Promise<void>;
}

/** Opens the run's `MysqlPersonDb` (the same pool size as the raw baseline's pool). */
export function openMysqlDb(databaseUrl: string): Promise<MysqlPersonDb> {
  return MysqlPersonDb.open({ url: databaseUrl, poolSize: POOL_SIZE });
}

/** Creates the `person` table with the DAO's own committed migrations. */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const db = await openMysqlDb(databaseUrl);
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}

/** Service options a case may set; everything else is the default an application gets. */
export interface StackOptions {
  readonly useDb?: boolean;
  /** TTL of a cached person (the hot-key case uses a short one). */
  readonly ttlMs?: number;
  /** The in-process near cache in front of memcached (off by default, as for an application). */
  readonly nearCache?: NearCacheOptions;
}

/** A service with the defaults an application gets, over a cache in `namespace`. */
export function openCachetoggle(
  servers: string,
  namespace: string,
  db: MysqlPersonDb,
  options: StackOptions = {},
): CachetoggleStack {
  const cache = new MemcachePersonCache({ servers, namespace });
  const service = new CacheAsidePersonService({
    db,
    cache,
    useDb: options.useDb ?? false,
    ttlMs: options.ttlMs,
    nearCache: options.nearCache,
  });
  return {
    service,
    cache,
    close: async () => {
      await service.close();
      await cache.close();
    },
  };
}

/** The demo's embedded defaults: an in-process Keyv cache over an in-memory SQLite database. */
export async function openEmbedded(): Promise<{
  readonly service: CacheAsidePersonService;
  readonly db: SqlitePersonDb;
  close(): Promise<void>;
}> {
  const db = await SqlitePersonDb.open({ url: ':memory:' });
  await db.migrate();
  const cache = new KeyvPersonCache();
  const service = new CacheAsidePersonService({ db, cache });
  return {
    service,
    db,
    close: async () => {
      await service.close();
      await cache.close();
      await db.close();
    },
  };
}
