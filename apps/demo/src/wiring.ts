import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { SqlitePersonDb } from '@cachetoggle/dao-db/sqlite';
import type { ModeStore, PersonCache, PersonDb, TopologyStore } from '@cachetoggle/model';
import {
  CacheAsidePersonService,
  type PersonService,
  type TopologyStatus,
} from '@cachetoggle/service';
import type { Logger } from 'pino';
import type { DemoConfig } from './config';
import { daoHealthProbes, type HealthProbes } from './health-probes';
import { SAMPLE_PEOPLE } from './sample-people';

/** The key namespace of the demo's cache entries, unless the caller picks another. */
export const DEFAULT_CACHE_NAMESPACE = 'cachetoggle-demo';

/** File name of the embedded database inside the data directory. */
export const SQLITE_FILE = 'people.db';

/** The service and the backends it runs on. */
export interface Backends {
  readonly service: PersonService;
  readonly probes: HealthProbes;
  /** The cache topology keys are placed by (the fleet's, with memcached). */
  readonly topology: () => TopologyStatus;
  /** Where the data lives, safe to print (`mysql://host:port/db`, never the credentials). */
  readonly describe: { readonly db: string; readonly cache: string };
  /** The first sample person the database holds, to suggest at start; none on a database without them. */
  readonly examplePersonId: string | undefined;
  /** Stops the service, then closes the cache and the database. */
  close(): Promise<void>;
}

/** Options of `openBackends` that the environment does not set. */
export interface WiringOptions {
  /** Key namespace in memcached (tests use one per run). */
  readonly cacheNamespace?: string;
}

/**
 * Opens the database (MySQL/MariaDB from `DATABASE_URL`, else an SQLite file in the data dir,
 * seeded with sample people when it is new), migrates it, opens the cache (memcached from
 * `MEMCACHE_SERVERS`, else in-process) and builds the cache-aside service over both.
 */
export async function openBackends(
  config: DemoConfig,
  logger: Logger,
  options: WiringOptions = {},
): Promise<Backends> {
  const { db, modeStore, topologyStore, describeDb, isNew } = await openDb(config);
  let opened: { cache: PersonCache; describeCache: string } | undefined;
  try {
    opened = openCache(config, options.cacheNamespace ?? DEFAULT_CACHE_NAMESPACE);
    const { cache, describeCache } = opened;
    const service = new CacheAsidePersonService({
      db,
      cache,
      logger,
      useDb: config.useDb,
      modeStore,
      // With memcached, MEMCACHE_SERVERS is this process's proposal; the fleet follows the row.
      topologyStore,
      ttlMs: config.cacheTtlSeconds * 1000,
    });
    // Every process follows the mode row of the database; a (re)started one starts in it.
    await service.refreshMode();
    await service.refreshTopology();
    if (isNew) await seed(service, logger);
    const examplePersonId = await firstSamplePerson(db);
    logger.info(
      {
        db: describeDb,
        cache: describeCache,
        mode: service.stats().mode,
        topology: service.topology(),
      },
      'backends ready',
    );
    return {
      service,
      probes: daoHealthProbes(db, cache),
      topology: () => service.topology(),
      describe: { db: describeDb, cache: describeCache },
      examplePersonId,
      close: async () => {
        await service.close();
        await Promise.allSettled([cache.close(), db.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([opened?.cache.close(), db.close()]);
    throw error;
  }
}

function openCache(
  config: DemoConfig,
  namespace: string,
): { cache: PersonCache; describeCache: string } {
  if (!config.memcacheServers) {
    return { cache: new KeyvPersonCache({ namespace }), describeCache: 'in-process Keyv store' };
  }
  const servers = config.memcacheServers.join(',');
  return {
    cache: new MemcachePersonCache({ servers, namespace }),
    describeCache: `memcached ${servers} (namespace ${namespace})`,
  };
}

async function openDb(config: DemoConfig): Promise<{
  db: PersonDb;
  modeStore: ModeStore;
  topologyStore: TopologyStore;
  describeDb: string;
  isNew: boolean;
}> {
  if (config.database) {
    const db = await MysqlPersonDb.open({
      url: config.database.url(),
      poolSize: config.dbPoolSize,
    });
    await migrate(db);
    return {
      db,
      modeStore: db.modeStore,
      topologyStore: db.topologyStore,
      describeDb: config.database.display,
      isNew: false,
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, SQLITE_FILE);
  const isNew = !existsSync(file);
  const db = await SqlitePersonDb.open({ url: `file:${file}` });
  await migrate(db);
  return {
    db,
    modeStore: db.modeStore,
    topologyStore: db.topologyStore,
    describeDb: `sqlite ${file}`,
    isNew,
  };
}

async function migrate(db: PersonDb & { migrate(): Promise<void> }): Promise<void> {
  try {
    await db.migrate();
  } catch (error) {
    await db.close();
    throw error;
  }
}

// Through the service, so a memcached that outlived an older database file drops its entries.
async function seed(service: PersonService, logger: Logger): Promise<void> {
  for (const person of SAMPLE_PEOPLE) await service.create(person);
  logger.info({ people: SAMPLE_PEOPLE.length }, 'seeded the new embedded database');
}

// Asked of the database, not the service, so the suggestion costs no cache entry or counter.
async function firstSamplePerson(db: PersonDb): Promise<string | undefined> {
  const found = await db.getMany(SAMPLE_PEOPLE.map((person) => person.id));
  return SAMPLE_PEOPLE.find((person) => found.has(person.id))?.id;
}
