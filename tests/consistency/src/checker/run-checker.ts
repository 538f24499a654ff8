import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache';
import { MysqlPersonDb } from '@cachetoggle/dao-db';
import type { ServiceStats } from '@cachetoggle/service';
import { createTestDatabase } from '@cachetoggle/testing/mariadb';
import { startMemcached } from '@cachetoggle/testing/memcached';
import { startEvictor } from './evictor';
import type { HostConfig, Implementation } from './host-protocol';
import { findLostWrites, type LostWrite } from './lost-writes';
import { type WriteRecord, wallClockMs } from './operation-log';
import { DEFAULT_DELAY_PLAN, type DelayPlan } from './random-delays';
import { seededRandom } from './seeded-random';
import { ServiceHostProcess } from './service-host-process';
import { findStaleEntries, type StaleEntry } from './stale-entries';
import { findStaleReads, type StaleRead } from './stale-reads';
import type { LoadPlan, LoadResult } from './workload';

/** The size and shape of a checker run. */
export interface CheckerOptions {
  /** Operations per implementation, split over the processes. */
  readonly ops: number;
  /** Service processes per implementation (each one service instance). */
  readonly processes: number;
  /** How many ids the load spreads over (few, so that operations collide). */
  readonly ids: number;
  /** Operations in flight per process. */
  readonly concurrency: number;
  readonly seed: number;
  readonly delays: DelayPlan;
  /** A random key is deleted behind the services' backs this often. */
  readonly evictionIntervalMs: number;
  /** Chance per operation that a worker flips its service between cache and DB mode. */
  readonly toggleProbability: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** The checker's defaults (the size of `pnpm soak`). */
export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = {
  ops: 10_000,
  processes: 2,
  ids: 12,
  concurrency: 12,
  seed: 1,
  delays: DEFAULT_DELAY_PLAN,
  evictionIntervalMs: 20,
  toggleProbability: 0.01,
};

/** What the checker found for one implementation. */
export interface ImplementationReport {
  readonly implementation: Implementation;
  readonly ops: number;
  /** Cache entries that disagree with the database once the load has settled. */
  readonly staleEntries: StaleEntry[];
  /** Reads, during the load, older than a write acknowledged before they began. */
  readonly staleReads: StaleRead[];
  readonly lostWrites: LostWrite[];
  /** Failures other than the expected conflicts and not-founds, counted by message. */
  readonly unexpectedErrors: Record<string, number>;
  readonly evictions: number;
  readonly toggles: number;
  readonly writesAcked: number;
  /** Host processes that did not exit by themselves after closing (something left open). */
  readonly hostsThatLeaked: number;
  /** Counters summed over the processes. */
  readonly stats: Omit<ServiceStats, 'breakerState' | 'hitRatio'>;
  readonly durationMs: number;
}

/** Both implementations under the same load. */
export interface CheckerReport {
  readonly ops: number;
  readonly processes: number;
  readonly ours: ImplementationReport;
  readonly naive: ImplementationReport;
}

interface Environment {
  readonly databaseUrl: string;
  readonly memcacheServers: string;
  readonly db: MysqlPersonDb;
}

/**
 * Starts a private memcached and a fresh database, runs the load against our service and then
 * against the naive cache-aside (each in `processes` processes of its own, on its own ids and
 * key namespace), checks both, and removes the servers' state again.
 */
export async function runChecker(options: CheckerOptions): Promise<CheckerReport> {
  const memcached = await startMemcached();
  const database = await createTestDatabase('ct_check');
  let db: MysqlPersonDb | undefined;
  try {
    db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
    await db.migrate();
    const env = { databaseUrl: database.url, memcacheServers: memcached.servers, db };
    const ours = await checkImplementation('ours', env, options);
    const naive = await checkImplementation('naive', env, options);
    return { ops: options.ops, processes: options.processes, ours, naive };
  } finally {
    await db?.close();
    // The memcached child is unref'd: keep the loop alive until it has exited, or a plain
    // `node` process (the soak) would end here with exit code 13 (unsettled top-level await).
    const keepAlive = setInterval(() => {}, 1000);
    await Promise.allSettled([database.drop(), memcached.stop()]);
    clearInterval(keepAlive);
  }
}

async function checkImplementation(
  implementation: Implementation,
  env: Environment,
  options: CheckerOptions,
): Promise<ImplementationReport> {
  const log = options.log ?? (() => {});
  const ids = Array.from({ length: options.ids }, (_, i) => `${implementation}-${i}`);
  const namespace = `ct-check-${implementation}-${randomBytes(4).toString('hex')}`;
  const seeds = await seedRows(env.db, ids);
  const cache = new MemcachePersonCache({ servers: env.memcacheServers, namespace });
  const hosts: ServiceHostProcess[] = [];
  try {
    for (let i = 0; i < options.processes; i++) {
      const config: HostConfig = {
        implementation,
        databaseUrl: env.databaseUrl,
        memcacheServers: env.memcacheServers,
        namespace,
        seed: options.seed * 1000 + i + (implementation === 'naive' ? 500 : 0),
        delays: options.delays,
      };
      hosts.push(await ServiceHostProcess.start(config));
    }
    log(`${implementation}: ${options.processes} processes up, running ${options.ops} ops`);
    const startedAt = Date.now();
    const evictor = startEvictor(
      cache,
      ids,
      options.evictionIntervalMs,
      seededRandom(options.seed),
    );
    const results = await Promise.all(
      hosts.map((host, i) => host.call<LoadResult>('runLoad', planFor(options, ids, i))),
    );
    const evictions = await evictor.stop();
    const durationMs = Date.now() - startedAt;
    const stats = await Promise.all(hosts.map((host) => host.call<ServiceStats>('drain', 10_000)));
    const closed = await Promise.all(hosts.map((host) => host.close()));
    hosts.length = 0;

    const staleEntries = await findStaleEntries(cache, env.db, ids);
    const finalRows = await env.db.getMany(ids);
    const writes = [...seeds, ...results.flatMap((r) => r.writes)];
    const reads = results.flatMap((r) => r.reads);
    const report: ImplementationReport = {
      implementation,
      ops: results.reduce((n, r) => n + r.ops, 0),
      staleEntries,
      staleReads: findStaleReads(reads, writes),
      lostWrites: findLostWrites(writes, finalRows),
      unexpectedErrors: countErrors(results),
      evictions,
      toggles: results.reduce((n, r) => n + r.toggles, 0),
      writesAcked: writes.filter((w) => w.outcome === 'acked').length - seeds.length,
      hostsThatLeaked: closed.filter((c) => !c.exitedByItself).length,
      stats: sumStats(stats),
      durationMs,
    };
    log(
      `${implementation}: ${report.ops} ops in ${durationMs} ms, ${report.staleEntries.length} stale entries, ${report.staleReads.length} stale reads, ${report.lostWrites.length} lost writes`,
    );
    return report;
  } finally {
    for (const host of hosts) host.kill();
    await cache.close();
  }
}

function planFor(options: CheckerOptions, ids: readonly string[], index: number): LoadPlan {
  const share = Math.floor(options.ops / options.processes);
  const extra = index < options.ops % options.processes ? 1 : 0;
  return {
    ops: share + extra,
    concurrency: options.concurrency,
    ids,
    workerTag: `p${index}`,
    toggleProbability: options.toggleProbability,
  };
}

async function seedRows(db: MysqlPersonDb, ids: readonly string[]): Promise<WriteRecord[]> {
  const seeds: WriteRecord[] = [];
  for (const id of ids) {
    const startedAt = wallClockMs();
    const row = await db.create({ id, firstName: 'Seed', lastName: 'Lseed' });
    seeds.push({
      kind: 'create',
      id,
      startedAt,
      endedAt: wallClockMs(),
      outcome: 'acked',
      lifetime: row.lastName,
      version: row.version,
    });
  }
  return seeds;
}

function countErrors(results: readonly LoadResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    for (const [message, n] of Object.entries(result.unexpectedErrors)) {
      counts[message] = (counts[message] ?? 0) + n;
    }
  }
  return counts;
}

function sumStats(all: readonly ServiceStats[]): ImplementationReport['stats'] {
  const sum = {
    hits: 0,
    misses: 0,
    tombstoneHits: 0,
    fills: 0,
    fillRacesLost: 0,
    leaseWaits: 0,
    dbReads: 0,
    cacheErrors: 0,
    corruptEntries: 0,
    invalidationFailures: 0,
    invalidationRetries: 0,
    invalidationsDropped: 0,
    pendingInvalidations: 0,
  };
  for (const stats of all) {
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += stats[key];
  }
  return sum;
}
