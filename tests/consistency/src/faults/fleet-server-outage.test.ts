import { randomBytes } from 'node:crypto';
import { CacheKeyScheme, MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService, type PersonService } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import {
  type MemcachedFleet,
  type MemcachedProbe,
  type MemcachedProcess,
  openMemcachedProbe,
  startMemcachedFleet,
} from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { findStaleEntries } from '../checker/stale-entries';
import { findStaleReads } from '../checker/stale-reads';
import { type BreakerChange, BreakerWatch } from './breaker-watch';
import { idsPerServer, serverOf } from './ids-by-server';
import { CommitClock, quantile, timeInvalidations } from './invalidation-timing';
import { loadOperationLog } from './load-operation-log';
import { describeOutage, outageWindows } from './outage-windows';
import { type LoadSample, startServiceLoad, windowStats } from './service-load';

// Three private memcached servers behind one MemcachePersonCache, one of them SIGKILLed (then
// started again, empty) or frozen with SIGSTOP (then resumed, with its old entries) in the
// middle of a read/write load over people spread evenly over the three. The service runs with
// its defaults: 100 ms cache timeout, per server a breaker (5 failures, 1 s cooldown) and a
// retry queue. Every window of the test is counted in completed calls or breaker events.
const CACHE_TIMEOUT_MS = 100;
const BREAKER_COOLDOWN_MS = 1000;
/** From the victim's return to its keys being served from the cache: the cooldown, and 1 s. */
const RECOVERY_BOUND_MS = BREAKER_COOLDOWN_MS + 1000;
const CONCURRENCY = 16;
const LOAD_IDS_PER_SERVER = 60;
const PROBE_IDS_PER_SERVER = 8;

let fleet: MemcachedFleet;
let database: TestDatabase;
let db: MysqlPersonDb;
let cache: MemcachePersonCache;
let keys: CacheKeyScheme;
let byServer: Map<string, string[]>;
const probes = new Map<string, MemcachedProbe>();

beforeAll(async () => {
  fleet = await startMemcachedFleet(3);
  database = await createTestDatabase('ct_fault');
  db = await MysqlPersonDb.open({ url: database.url, poolSize: CONCURRENCY + 8 });
  await db.migrate();
  const namespace = `ct-fo-${randomBytes(4).toString('hex')}`;
  keys = new CacheKeyScheme(namespace);
  cache = new MemcachePersonCache({ servers: fleet.servers, namespace });
  const names = fleet.members.map((member) => member.servers);
  byServer = idsPerServer(cache, names, LOAD_IDS_PER_SERVER + PROBE_IDS_PER_SERVER, 'fo');
  for (const id of [...byServer.values()].flat()) {
    await db.create({ id, firstName: 'Seed', lastName: 'Row' });
  }
  for (const member of fleet.members)
    probes.set(member.servers, await openMemcachedProbe(member.port));
});

afterAll(async () => {
  for (const probe of probes.values()) probe.close();
  await Promise.allSettled([cache?.close(), db?.close()]);
  await Promise.allSettled([database?.drop(), fleet?.stop()]);
});

const loadIdsOf = (server: string) => (byServer.get(server) ?? []).slice(0, LOAD_IDS_PER_SERVER);
const probeIdsOf = (server: string) => (byServer.get(server) ?? []).slice(LOAD_IDS_PER_SERVER);

/**
 * Reads `ids` (one batch per round) until every one comes from the cache; resolves with when
 * that happened. The first round fills what is missing; a round that meets a cache error (a
 * stall of the shared machine) reads from the DB without filling, and the next one tries again.
 */
async function servedFromCacheAgain(service: PersonService, ids: readonly string[]) {
  for (let round = 0; round < 1000; round++) {
    const { people } = await service.getMany(ids);
    if (people.every((read) => read.source === 'cache')) return performance.now();
  }
  throw new Error(`${ids.length} ids were never all served from the cache`);
}

interface Outage {
  readonly name: string;
  /** Which of the three servers fails. */
  readonly victim: number;
  begin(server: MemcachedProcess): Promise<void>;
  end(server: MemcachedProcess): Promise<void>;
}

const OUTAGES: Outage[] = [
  { name: 'SIGKILL', victim: 0, begin: (s) => s.kill('SIGKILL'), end: (s) => s.start() },
  { name: 'SIGSTOP', victim: 2, begin: async (s) => s.pause(), end: async (s) => s.resume() },
];

describe.each(OUTAGES)('one memcached server of three $name mid-load', (outage) => {
  it('costs only its own keys: no failed or stale read, healthy servers still hit and invalidate at once, and it serves again', async () => {
    const victim = fleet.members[outage.victim] as MemcachedProcess;
    const victimName = victim.servers;
    const healthy = [...byServer.keys()].filter((name) => name !== victimName);
    const onVictim = (sample: LoadSample) => serverOf(cache, sample.id) === victimName;
    const loadIds = [...byServer.keys()].flatMap(loadIdsOf);
    const probeIds = [...byServer.keys()].flatMap(probeIdsOf);
    const watch = new BreakerWatch();
    const clock = new CommitClock();
    const hooks = { ...watch.hooks, onStep: clock.onStep };
    const service = new CacheAsidePersonService({ db, cache, hooks });
    const rows = await db.getMany([...loadIds, ...probeIds]);

    await servedFromCacheAgain(service, [...loadIds, ...probeIds]);
    const load = startServiceLoad(service, {
      ids: loadIds,
      concurrency: CONCURRENCY,
      writeEvery: 20,
    });
    const dbProbe = startServiceLoad(service, { ids: loadIds, concurrency: 4, useDb: true });
    // A failed assertion must not leave the load running (it would grow until the worker runs
    // out of memory) or the server down for the next test.
    onTestFinished(async () => {
      await Promise.all([load.stop(), dbProbe.stop()]);
      await outage.end(victim);
      await service.close();
    });
    await load.completed(2000);

    const atFault = service.stats();
    const outageAt = performance.now();
    const opened = watch.next('open', { server: victimName, timeoutMs: 5000 });
    await outage.begin(victim);
    const firstOpen = await opened;

    // A batch spanning the servers: the healthy ones' ids still come from the cache.
    const many = await service.getMany(probeIds);
    expect(many.missing).toEqual([]);
    for (const read of many.people) {
      expect(read.person).toEqual(rows.get(read.person.id));
      const expected = serverOf(cache, read.person.id) === victimName ? 'db' : 'cache';
      expect({ id: read.person.id, source: read.source }).toEqual({
        id: read.person.id,
        source: expected,
      });
    }
    // Updates of ids on the healthy servers: each key is gone from its server when the
    // update resolves, and the update costs its DB write and one round trip.
    const timed = await timeInvalidations({
      service,
      clock,
      ids: healthy.flatMap(probeIdsOf),
      keyOf: (id) => keys.key(id),
      probeOf: (id) => probes.get(serverOf(cache, id)) as MemcachedProbe,
    });
    // The breaker tries the victim again after its cooldown, and opens again.
    const since = (change: BreakerChange) => watch.history.indexOf(change) + 1;
    const retried = await watch.next('half-open', {
      server: victimName,
      since: since(firstOpen),
      timeoutMs: 5000,
    });
    await watch.next('open', { server: victimName, since: since(retried), timeoutMs: 5000 });
    await load.completed(1000);
    const inOutage = service.stats();
    const recoveryAt = performance.now();
    const closed = watch.next('closed', { server: victimName, timeoutMs: 10_000 });
    await outage.end(victim);
    const { at: closedAt } = await closed;
    const backAt = await servedFromCacheAgain(service, probeIdsOf(victimName));
    await load.completed(2000);
    await Promise.all([load.stop(), dbProbe.stop()]);

    const moments = { outageAt, openedAt: firstOpen.at, recoveryAt, closedAt, backAt };
    const windows = outageWindows(load.samples, dbProbe.samples, onVictim, moments);
    const { before, during, healthyBefore, healthyDuring, victimAfter, victimShare, dbDuring } =
      windows;
    console.log(
      `${describeOutage(outage.name, windows, moments, watch.history, victimName, timed)}; ` +
        `cache errors ${service.stats().cacheErrors}`,
    );

    // No failed request, and every read answered with its own person, never older than a
    // write acknowledged before the read began (DB fallback allowed).
    expect(windowStats(load.samples).failures).toBe(0);
    expect(windowStats(dbProbe.samples).failures).toBe(0);
    expect(load.samples.filter((s) => s.person !== undefined && s.person.id !== s.id)).toEqual([]);
    const log = loadOperationLog(load.samples);
    expect(findStaleReads(log.reads, log.writes)).toEqual([]);

    // The healthy servers' keys hit as before; the outage costs only the victim's share.
    expect(during.reads).toBeGreaterThan(500);
    expect(victimShare).toBeGreaterThan(0.25);
    expect(victimShare).toBeLessThan(0.42);
    expect(healthyBefore.hitRatio).toBeGreaterThan(0.8);
    expect(healthyDuring.hitRatio).toBeGreaterThanOrEqual(healthyBefore.hitRatio - 0.05);
    expect(during.hitRatio).toBeGreaterThanOrEqual((2 / 3) * before.hitRatio - 0.05);
    // The cache's own hit ratio (what /stats reports: lookups the cache answered) keeps at
    // least two thirds of what it was: the victim's keys are not looked up while its breaker
    // is open, and the healthy servers' keys hit as before.
    const hits = inOutage.hits - atFault.hits;
    const lookups = hits + inOutage.misses - atFault.misses;
    expect(hits / lookups).toBeGreaterThanOrEqual((2 / 3) * before.hitRatio);
    // Reads pay at most one cache timeout on top of the DB's own p99 in the same window.
    expect(during.p99Ms).toBeLessThanOrEqual(dbDuring.p99Ms + CACHE_TIMEOUT_MS);

    // Invalidations to healthy servers went out at once, none waited for the victim.
    for (const t of timed) {
      expect({ id: t.id, before: t.before.kind, after: t.after.kind }).toEqual({
        id: t.id,
        before: 'present',
        after: 'absent',
      });
    }
    // After its DB commit, an update costs one round trip (its delete) give or take a small
    // bound: 10 ms at the median, a quarter of the cache timeout for three in four (a shared
    // machine's noise), and none a whole timeout (what waiting for the sick server costs).
    const invalidation = timed.map((t) => t.invalidationMs);
    const roundTrip = timed.map((t) => t.roundTripMs);
    expect(quantile(invalidation, 0.5)).toBeLessThanOrEqual(quantile(roundTrip, 0.5) + 10);
    expect(quantile(invalidation, 0.75)).toBeLessThanOrEqual(
      quantile(roundTrip, 0.75) + CACHE_TIMEOUT_MS / 4,
    );
    expect(Math.max(...invalidation)).toBeLessThan(CACHE_TIMEOUT_MS);
    for (const server of inOutage.servers) {
      if (server.name === victimName) expect(server.breakerState).not.toBe('closed');
      else expect(server).toMatchObject({ breakerState: 'closed', pendingInvalidations: 0 });
    }

    // Back within the bound, and nothing left stale once its pending invalidations are in.
    expect(backAt - recoveryAt).toBeLessThan(RECOVERY_BOUND_MS);
    expect(victimAfter.hitRatio).toBeGreaterThan(0.8);
    await expect.poll(() => service.stats().pendingInvalidations, { timeout: 10_000 }).toBe(0);
    expect(service.stats().breakerState).toBe('closed');
    const all = [...loadIds, ...probeIds];
    expect(await findStaleEntries(cache, db, all)).toEqual([]);
    for (const id of all) expect((await service.get(id)).person).toEqual(await db.get(id));
  });
});
