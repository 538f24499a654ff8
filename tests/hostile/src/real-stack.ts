import { CacheKeyScheme, MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService, type CacheAsidePersonServiceOptions } from '@cachetoggle/service';
import { ChaosPersonCache, ChaosPersonDb } from '@cachetoggle/testing/fakes';
import { createTestDatabase } from '@cachetoggle/testing/mariadb';
import { inject } from 'vitest';
import { openPersonTableReader, type PersonTableReader } from './canaries';
import { openRawMemcached, type RawMemcached } from './raw-memcached';

/** The service over the real DAOs, on a database and a cache namespace of its own. */
export interface RealStack {
  /** `MysqlPersonDb`, wrapped to count calls. */
  readonly db: ChaosPersonDb;
  /** `MemcachePersonCache`, wrapped to count calls. */
  readonly cache: ChaosPersonCache;
  readonly service: CacheAsidePersonService;
  /** The `person` table, read beside the DAO. */
  readonly table: PersonTableReader;
  /** The key scheme of the cache (its namespace included), for raw access. */
  readonly keys: CacheKeyScheme;
  /** A plain memjs client on the same memcached. */
  readonly raw: RawMemcached;
  /** Calls made to the DAOs so far. */
  backendCalls(): number;
  close(): Promise<void>;
}

/** Options of `openRealStack`. */
export interface RealStackOptions {
  /** Passed to `MemcachePersonCache`. */
  readonly maxValueBytes?: number;
  /** Passed to the service (db and cache are the stack's). */
  readonly service?: Omit<CacheAsidePersonServiceOptions, 'db' | 'cache'>;
}

/**
 * Opens the stack on a fresh database (dropped by `close`) and the namespace
 * `<run namespace>-<name>` of the run's memcached.
 */
export async function openRealStack(
  name: string,
  options: RealStackOptions = {},
): Promise<RealStack> {
  const database = await createTestDatabase('ct_hostile');
  const mysql = await MysqlPersonDb.open({ url: database.url });
  await mysql.migrate();
  const namespace = `${inject('memcacheNamespace')}-${name}`;
  const servers = inject('memcacheServers');
  const memcache = new MemcachePersonCache({
    servers,
    namespace,
    ...(options.maxValueBytes === undefined ? {} : { maxValueBytes: options.maxValueBytes }),
  });
  const db = new ChaosPersonDb(mysql);
  const cache = new ChaosPersonCache(memcache);
  const service = new CacheAsidePersonService({ ...options.service, db, cache });
  const table = await openPersonTableReader(database.url);
  const raw = openRawMemcached(servers);
  const sum = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
  return {
    db,
    cache,
    service,
    table,
    keys: new CacheKeyScheme(namespace),
    raw,
    backendCalls: () => sum(db.calls) + sum(cache.calls),
    async close() {
      await service.close();
      raw.close();
      await Promise.allSettled([memcache.close(), mysql.close(), table.close()]);
      await database.drop();
    },
  };
}
