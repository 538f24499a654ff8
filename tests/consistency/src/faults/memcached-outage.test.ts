import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findStaleEntries } from '../checker/stale-entries';
import { BreakerWatch } from './breaker-watch';
import { startServiceLoad, windowStats } from './service-load';

// A private memcached, SIGKILLed (then started again, empty) or frozen with SIGSTOP (then
// resumed, with its old entries) in the middle of a read/write load. The service runs with its
// defaults (100 ms cache timeout, breaker: 5 failures, 1 s cooldown).
const CONCURRENCY = 16;
const IDS = 200;

let memcached: MemcachedProcess;
let database: TestDatabase;
let db: MysqlPersonDb;
let cache: MemcachePersonCache;
const ids = Array.from({ length: IDS }, (_, i) => `mk-${i}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  memcached = await startMemcached();
  database = await createTestDatabase('ct_fault');
  db = await MysqlPersonDb.open({ url: database.url, poolSize: CONCURRENCY + 4 });
  await db.migrate();
  for (const id of ids) await db.create({ id, firstName: 'Seed', lastName: 'Row' });
  cache = new MemcachePersonCache({
    servers: memcached.servers,
    namespace: `ct-mk-${randomBytes(4).toString('hex')}`,
  });
});

afterAll(async () => {
  await Promise.allSettled([cache?.close(), db?.close()]);
  await Promise.allSettled([database?.drop(), memcached?.stop()]);
});

interface Outage {
  readonly name: string;
  begin(): Promise<void>;
  end(): Promise<void>;
}

const OUTAGES: Outage[] = [
  {
    name: 'SIGKILL',
    begin: () => memcached.kill('SIGKILL'),
    end: () => memcached.start(),
  },
  {
    name: 'SIGSTOP',
    begin: async () => memcached.pause(),
    end: async () => memcached.resume(),
  },
];

describe.each(OUTAGES)('memcached $name mid-load', (outageKind) => {
  it('no request fails, p99 stays near the DB p99, the cache comes back by itself, nothing stale', async () => {
    const watch = new BreakerWatch();
    const service = new CacheAsidePersonService({ db, cache, hooks: watch.hooks });
    const acked = new Map<string, { version: number; firstName: string }>();

    for (const id of ids) await service.get(id);
    const load = startServiceLoad(service, {
      ids,
      concurrency: CONCURRENCY,
      writeEvery: 20,
      onWrite: (id, version, firstName) => acked.set(id, { version, firstName }),
    });
    // The database's own latency, under the same conditions: DB-mode reads alongside.
    const dbProbe = startServiceLoad(service, { ids, concurrency: 4, useDb: true });
    await sleep(700);
    const outageAt = performance.now();
    const opened = watch.next('open', 5000);
    await outageKind.begin();
    await opened;
    await sleep(1500);
    const recoveryAt = performance.now();
    const closed = watch.next('closed', 10_000);
    await outageKind.end();
    await closed;
    const closedAt = performance.now();
    await sleep(1500);
    await Promise.all([load.stop(), dbProbe.stop()]);

    const healthy = windowStats(load.samples, 0, outageAt);
    const outage = windowStats(load.samples, outageAt, recoveryAt);
    const recovery = windowStats(load.samples, closedAt + 500);
    const dbStats = windowStats(dbProbe.samples, outageAt, recoveryAt);
    console.log(
      `memcached ${outageKind.name}: read p99 ${outage.p99Ms.toFixed(1)} ms during the outage ` +
        `(max ${outage.maxMs.toFixed(1)} ms, ${outage.reads} reads) vs the DB's own p99 ` +
        `${dbStats.p99Ms.toFixed(1)} ms (DB-mode reads in the same window); p99 with the cache up ${healthy.p99Ms.toFixed(1)} ms; ` +
        `breaker closed ${(closedAt - recoveryAt).toFixed(0)} ms after the recovery; hit ratio ` +
        `${healthy.hitRatio.toFixed(3)} before, ${outage.hitRatio.toFixed(3)} during, ` +
        `${recovery.hitRatio.toFixed(3)} after`,
    );

    expect(windowStats(load.samples).failures).toBe(0);
    expect(outage.reads).toBeGreaterThan(100);
    // Within a small bound of the DB's own p99: at most the cache timeout on top (only the
    // calls that meet the dead server before the breaker opens can pay it).
    expect(outage.p99Ms).toBeLessThanOrEqual(dbStats.p99Ms + 100);
    expect(outage.hitRatio).toBeLessThan(0.5);
    expect(healthy.hitRatio).toBeGreaterThan(0.8);
    expect(recovery.hitRatio).toBeGreaterThan(0.8);
    expect(service.stats().breakerState).toBe('closed');

    // Every acknowledged write is in the database; once the invalidations that failed during
    // the outage have been retried, no entry is stale and no read serves an older value.
    for (const [id, write] of acked) {
      expect((await db.get(id))?.version).toBeGreaterThanOrEqual(write.version);
    }
    await expect.poll(() => service.stats().pendingInvalidations, { timeout: 10_000 }).toBe(0);
    expect(await findStaleEntries(cache, db, ids)).toEqual([]);
    for (const id of ids) expect((await service.get(id)).person).toEqual(await db.get(id));
    await service.close();
  });
});
