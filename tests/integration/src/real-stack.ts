import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService, type CacheAsidePersonServiceOptions } from '@cachetoggle/service';
import { inject } from 'vitest';

/** The service wired to the real MariaDB and memcached of this test run. */
export interface RealStack {
  readonly service: CacheAsidePersonService;
  readonly db: MysqlPersonDb;
  readonly cache: MemcachePersonCache;
  close(): Promise<void>;
}

let migrated: Promise<void> | undefined;

/** Opens the real DAOs (memcached at `servers`, default the run's) and a service over them. */
export async function openRealStack(
  options: Partial<CacheAsidePersonServiceOptions> & { servers?: string } = {},
): Promise<RealStack> {
  const { servers, ...serviceOptions } = options;
  const db = await MysqlPersonDb.open({ url: inject('databaseUrl') });
  migrated ??= db.migrate();
  await migrated;
  const cache = new MemcachePersonCache({
    servers: servers ?? inject('memcacheServers'),
    namespace: inject('memcacheNamespace'),
  });
  const service = new CacheAsidePersonService({ db, cache, ...serviceOptions });
  return {
    service,
    db,
    cache,
    close: async () => {
      await service.close();
      await cache.close();
      await db.close();
    },
  };
}

let counter = 0;
/** An id no other test uses. */
export function uniqueId(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
