import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { createTestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import type { HostConfig, Implementation } from './host-protocol';
import { ServiceHostProcess } from './service-host-process';

/**
 * A private memcached and a fresh, migrated database for one test file, with a direct
 * connection to each (to seed rows and to read what the cache holds behind the services' backs)
 * and the service hosts started on them, all removed again by `close()`.
 */
export class SharedServers {
  readonly #hosts: ServiceHostProcess[] = [];

  private constructor(
    readonly memcached: MemcachedProcess,
    readonly databaseUrl: string,
    readonly db: MysqlPersonDb,
    readonly cache: MemcachePersonCache,
    readonly namespace: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  /** Starts memcached, creates and migrates the database. */
  static async start(): Promise<SharedServers> {
    const memcached = await startMemcached();
    const database = await createTestDatabase('ct_consistency');
    const db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
    await db.migrate();
    const namespace = `ct-cons-${randomBytes(4).toString('hex')}`;
    const cache = new MemcachePersonCache({ servers: memcached.servers, namespace });
    return new SharedServers(memcached, database.url, db, cache, namespace, () => database.drop());
  }

  /**
   * Starts a service host on these servers (same database, unless `databaseUrl` names a way to
   * it such as a proxy; same memcached, same namespace).
   */
  async host(
    options: Partial<Omit<HostConfig, 'memcacheServers'>> = {},
  ): Promise<ServiceHostProcess> {
    const implementation: Implementation = options.implementation ?? 'ours';
    const host = await ServiceHostProcess.start({
      namespace: this.namespace,
      seed: this.#hosts.length + 1,
      ...options,
      implementation,
      databaseUrl: options.databaseUrl ?? this.databaseUrl,
      memcacheServers: this.memcached.servers,
    });
    this.#hosts.push(host);
    return host;
  }

  /** Closes the hosts, the connections and the servers; the database is dropped. */
  async close(): Promise<void> {
    await Promise.allSettled(this.#hosts.map((host) => host.close()));
    for (const host of this.#hosts) host.kill();
    await Promise.allSettled([this.cache.close(), this.db.close()]);
    await Promise.allSettled([this.dropDatabase(), this.memcached.stop()]);
  }
}
