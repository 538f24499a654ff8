import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { ServiceStats } from '@cachetoggle/service';
import { createTestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedFleet, startMemcachedFleet } from '@cachetoggle/testing/memcached';
import type { CheckerOptions } from './checker-options';
import {
  type CheckerReport,
  countErrors,
  type ImplementationReport,
  sumStats,
} from './checker-report';
import { startEvictor } from './evictor';
import { type FaultContext, faultForRound } from './fault-schedule';
import { HostFleet } from './host-fleet';
import type { HostConfig, Implementation } from './host-protocol';
import { LoadLog } from './load-log';
import { findLostWrites } from './lost-writes';
import { seedRows } from './seed-rows';
import { seededRandom } from './seeded-random';
import { findStaleEntries } from './stale-entries';
import { findStaleReads, longestLagMs, staleBeyond } from './stale-reads';
import type { LoadPlan, LoadResult } from './workload';

/** How long every process may take to follow a topology change before the run fails. */
const TOPOLOGY_FOLLOW_TIMEOUT_MS = 10_000;

interface Environment {
  readonly databaseUrl: string;
  readonly memcacheServers: string;
  readonly fleet: MemcachedFleet;
  readonly db: MysqlPersonDb;
}

/**
 * Starts `servers` private memcached servers and a fresh database, runs the load against our
 * service and then against the naive cache-aside (each in `processes` processes of its own, on
 * its own ids and key namespace, with the same faults injected round by round), checks both,
 * and removes the servers' state again.
 */
export async function runChecker(options: CheckerOptions): Promise<CheckerReport> {
  const fleet = await startMemcachedFleet(options.servers);
  const database = await createTestDatabase('ct_check');
  let db: MysqlPersonDb | undefined;
  try {
    db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
    await db.migrate();
    const env = { databaseUrl: database.url, memcacheServers: fleet.servers, fleet, db };
    const ours = await checkImplementation('ours', env, options);
    const naive = await checkImplementation('naive', env, options);
    return {
      ops: options.ops,
      processes: options.processes,
      servers: options.servers,
      ours,
      naive,
    };
  } finally {
    await db?.close();
    await Promise.allSettled([database.drop(), fleet.stop()]);
  }
}

async function checkImplementation(
  implementation: Implementation,
  env: Environment,
  options: CheckerOptions,
): Promise<ImplementationReport> {
  const log = options.log ?? (() => {});
  const rounds = Math.max(1, Math.ceil(options.ops / options.opsPerRound));
  const idsOf = (round: number) =>
    Array.from({ length: options.ids }, (_, i) => `${implementation}-r${round}-${i}`);
  const readOnlyIdsOf = (round: number) => [`${implementation}-r${round}-quiet`];
  const allIds = Array.from({ length: rounds }, (_, round) => [
    ...idsOf(round),
    ...readOnlyIdsOf(round),
  ]).flat();
  const namespace = `ct-check-${implementation}-${randomBytes(4).toString('hex')}`;
  const seeds = await seedRows(env.db, allIds);
  const cache = new MemcachePersonCache({ servers: env.memcacheServers, namespace });
  const loadLog = new LoadLog();
  const configFor = (slot: number, generation: number): HostConfig => ({
    implementation,
    databaseUrl: env.databaseUrl,
    memcacheServers: env.memcacheServers,
    namespace,
    seed: options.seed * 1000 + slot + generation * 100 + (implementation === 'naive' ? 500 : 0),
    delays: options.delays,
    // Ours switches modes and follows the memcached list through the database's rows, as a
    // fleet does; the naive one keeps the list it was started with.
    sharedMode: implementation === 'ours',
    sharedTopology: implementation === 'ours',
    service:
      implementation === 'ours'
        ? {
            topologyPollIntervalMs: options.topologyPollIntervalMs,
            topologyTransitionMs: options.topologyTransitionMs,
          }
        : undefined,
    dbQueryTimeoutMs: slot % 2 === 0 ? options.shortDbQueryTimeoutMs : undefined,
  });
  let hosts: HostFleet | undefined;
  try {
    hosts = await HostFleet.start(options.processes, configFor, loadLog);
    log(
      `${implementation}: ${options.processes} processes, ${options.ops} ops in ${rounds} rounds`,
    );
    const startedAt = Date.now();
    const random = seededRandom(options.seed);
    const results: LoadResult[] = [];
    const faults: Record<string, number> = {};
    let evictions = 0;
    for (let round = 0; round < rounds; round++) {
      const ids = idsOf(round);
      const readOnlyIds = readOnlyIdsOf(round);
      const evictor = startEvictor(cache, ids, options.evictionIntervalMs, random);
      const ops = Math.min(options.opsPerRound, options.ops - round * options.opsPerRound);
      const plans = Array.from({ length: options.processes }, (_, i) =>
        planFor(options, ops, { ids, readOnlyIds }, i, round),
      );
      const fault = faultForRound(options.faults, round, rounds);
      const fleet = hosts;
      const context: FaultContext = {
        round,
        ids,
        readOnlyIds,
        databaseUrl: env.databaseUrl,
        memcached: env.fleet,
        hosts: fleet,
        topologyTransitionMs: options.topologyTransitionMs,
        proposeServers: async (servers) => {
          const topology = await env.db.topologyStore.propose(servers);
          if (implementation !== 'ours') return;
          await cache.useTopology(topology, options.topologyTransitionMs);
          await fleet.waitForGeneration(topology.generation, TOPOLOGY_FOLLOW_TIMEOUT_MS);
        },
        recordWrite: (write) => loadLog.addWrite(write),
      };
      const [roundResults] = await Promise.all([fleet.runRound(plans), fault?.inject(context)]);
      results.push(...roundResults);
      if (fault) faults[fault.name] = (faults[fault.name] ?? 0) + 1;
      evictions += await evictor.stop();
    }
    const durationMs = Date.now() - startedAt;
    const stats = await hosts.each<ServiceStats>('drain', 10_000);
    const hostsThatLeaked = await hosts.close();
    hosts = undefined;

    const writes = [...seeds, ...loadLog.writes];
    const staleReads = findStaleReads(loadLog.reads, writes);
    const report: ImplementationReport = {
      implementation,
      ops: loadLog.ops,
      rounds,
      staleEntries: await findStaleEntries(cache, env.db, allIds),
      staleReads,
      staleReadsBeyondBound: staleBeyond(staleReads, options.staleBoundMs),
      staleAfterAckMsMax: longestLagMs(staleReads),
      lostWrites: findLostWrites(writes, await env.db.getMany(allIds)),
      unexpectedErrors: countErrors(results),
      failedWrites: results.reduce((n, r) => n + r.failedWrites, 0),
      faults,
      evictions,
      toggles: loadLog.toggles,
      writesAcked: writes.filter((w) => w.outcome === 'acked').length - seeds.length,
      hostsThatLeaked,
      stats: sumStats(stats),
      durationMs,
    };
    log(
      `${implementation}: ${report.ops} ops in ${durationMs} ms: ${report.staleEntries.length} stale entries, ${report.staleReads.length} stale reads, ${report.lostWrites.length} lost writes`,
    );
    return report;
  } finally {
    hosts?.kill();
    await cache.close();
  }
}

function planFor(
  options: CheckerOptions,
  ops: number,
  { ids, readOnlyIds }: Pick<LoadPlan, 'ids' | 'readOnlyIds'>,
  index: number,
  round: number,
): LoadPlan {
  const share = Math.floor(ops / options.processes);
  const extra = index < ops % options.processes ? 1 : 0;
  return {
    ops: share + extra,
    concurrency: options.concurrency,
    ids,
    readOnlyIds,
    workerTag: `p${index}r${round}`,
    toggleProbability: options.toggleProbability,
  };
}
