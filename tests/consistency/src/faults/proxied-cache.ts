import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService, type CacheAsidePersonServiceOptions } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll } from 'vitest';
import { BreakerWatch } from './breaker-watch';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** A service whose cache traffic goes through the proxy, and how to close it early. */
export interface ProxiedService {
  readonly service: CacheAsidePersonService;
  readonly watch: BreakerWatch;
  /** Closes the service and its cache now (a process that is gone); closing again is harmless. */
  readonly close: () => Promise<void>;
}

/**
 * One memcached reached through a proxy the test controls, so memcached keeps its entries (the
 * stale ones included) while the services cannot reach it, and a migrated MariaDB database.
 * `direct` reads the raw entries past the proxy. Fields are set once `beforeAll` has run.
 */
export interface ProxiedCache {
  readonly proxy: TcpProxy;
  readonly db: MysqlPersonDb;
  readonly direct: MemcachePersonCache;
  /** A new service on `db` and a cache through the proxy, closed after the file's tests. */
  serviceThroughProxy(options?: Partial<CacheAsidePersonServiceOptions>): ProxiedService;
  /** Closes `closable` after the file's tests, with the services. */
  closeAfterAll(closable: { close(): Promise<void> }): void;
}

/**
 * Registers the `beforeAll` that starts memcached, the proxy and the database, and the
 * `afterAll` that closes the services (last opened first) and then stops them all. Cache keys
 * are under a fresh namespace starting with `namespacePrefix`.
 */
export function useProxiedCache(namespacePrefix: string): ProxiedCache {
  let memcached: MemcachedProcess;
  let proxy: TcpProxy;
  let database: TestDatabase;
  let db: MysqlPersonDb;
  let direct: MemcachePersonCache;
  let namespace: string;
  const opened: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    memcached = await startMemcached();
    proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: memcached.port } });
    database = await createTestDatabase('ct_fault');
    db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
    await db.migrate();
    namespace = `${namespacePrefix}-${randomBytes(4).toString('hex')}`;
    direct = new MemcachePersonCache({ servers: memcached.servers, namespace });
  });

  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
    await Promise.allSettled([direct?.close(), db?.close(), proxy?.close()]);
    await Promise.allSettled([database?.drop(), memcached?.stop()]);
  });

  return {
    get proxy() {
      return proxy;
    },
    get db() {
      return db;
    },
    get direct() {
      return direct;
    },
    serviceThroughProxy(options = {}) {
      const cache = new MemcachePersonCache({ servers: `127.0.0.1:${proxy.port}`, namespace });
      const watch = new BreakerWatch();
      const service = new CacheAsidePersonService({
        db,
        cache,
        hooks: watch.hooks,
        breaker: { cooldownMs: 200 },
        ...options,
      });
      const close = async () => {
        await service.close();
        await cache.close();
      };
      opened.push({ close });
      return { service, watch, close };
    },
    closeAfterAll(closable) {
      opened.push(closable);
    },
  };
}
