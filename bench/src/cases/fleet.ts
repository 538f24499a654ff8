import type { ChildProcess } from 'node:child_process';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService } from '@cachetoggle/service';
import type { BenchContext } from '../bench-context';
import type { FleetOrder, FleetReport } from '../fleet-worker';
import { compare, throughputRatio } from '../harness';
import { LatencyRecorder } from '../latency-recorder';
import { POOL_SIZE } from '../raw-clients';
import { plainUpdate, RAW_OUTBOX_INSERT } from '../raw-update';
import { forkWorkers, nextReport, stopWorkers } from '../worker-processes';

const OUTBOX = 'cachetoggle update (DAO writes the outbox row)';
const PLAIN = 'cachetoggle update (DAO with outbox: false, no follower)';
const NO_FOLLOWER = 'cachetoggle update (outbox row, this process not following)';
const DAO = 'MysqlPersonDb update (no service)';
const RAW_PLAIN = 'mysql2 transaction: UPDATE + read-back';
const RAW_OUTBOX = 'mysql2 transaction: UPDATE + read-back + outbox INSERT';
/** Writes per batch of the delivery measure, spread over one outbox poll interval. */
const BATCH = 20;
const POLL_INTERVAL_MS = 250;
const MODE_SWITCHES = 30;

const wallMs = () => performance.timeOrigin + performance.now();

/**
 * The fleet: what the outbox costs a write, and the two bounds other processes see. Writes:
 * the service's `update` over the DAO (its transaction inserts the outbox row, the service
 * follows the outbox) against the same service and DAO with `outbox: false`, 64 in flight.
 * Delivery: a writer that only commits (through the DAO, as one that crashed before its cache
 * delete) and another process whose outbox follower must remove the key it cached; measured
 * from the write's resolve to that process seeing the key gone. Mode: a switch through one
 * process's shared mode row to another process serving in the new mode.
 */
export async function runFleetCase(ctx: BenchContext): Promise<void> {
  await measureWrites(ctx);
  const namespace = ctx.env.freshNamespace('fleet');
  const [worker] = forkWorkers(new URL('../fleet-worker.ts', import.meta.url), 1, {
    FLEET_SERVERS: ctx.env.servers,
    FLEET_DATABASE_URL: ctx.env.databaseUrl,
    FLEET_NAMESPACE: namespace,
  }) as [ChildProcess];
  const cache = new MemcachePersonCache({ servers: ctx.env.servers, namespace });
  const switcher = new CacheAsidePersonService({ db: ctx.db, cache, modeStore: ctx.db.modeStore });
  try {
    expectReport(await nextReport<FleetReport>(worker), 'ready');
    await measureDelivery(ctx, worker);
    await measureModePropagation(ctx, worker, switcher);
  } finally {
    await switcher.setMode({ useDb: false });
    await switcher.close();
    await cache.close();
    await stopWorkers([worker]);
  }
}

async function measureWrites(ctx: BenchContext): Promise<void> {
  const { env, scale, pool, db, report } = ctx;
  const ids = env.people.slice(0, scale.hotPeople).map((p) => p.id);
  const n = ids.length;
  const outbox = ctx.openService('fleet-outbox');
  // The same DAO and service without the outbox: no row in the write's transaction, no follower.
  const plainDb = await MysqlPersonDb.open({
    url: env.databaseUrl,
    poolSize: POOL_SIZE,
    outbox: false,
  });
  const plain = new CacheAsidePersonService({
    db: plainDb,
    cache: new MemcachePersonCache({
      servers: env.servers,
      namespace: env.freshNamespace('plain'),
    }),
    outbox: false,
  });
  const unfollowed = new CacheAsidePersonService({
    db,
    cache: new MemcachePersonCache({ servers: env.servers, namespace: env.freshNamespace('nf') }),
    outbox: false,
  });
  const id = (seq: number) => ids[seq % n] as string;
  try {
    const measured = await compare(ctx.plan(64), [
      { name: PLAIN, prepare: () => (seq) => plain.update(id(seq), { firstName: `P${seq}` }) },
      {
        name: OUTBOX,
        prepare: () => (seq) => outbox.service.update(id(seq), { firstName: `O${seq}` }),
      },
      {
        name: NO_FOLLOWER,
        prepare: () => (seq) => unfollowed.update(id(seq), { firstName: `N${seq}` }),
      },
      { name: DAO, prepare: () => (seq) => db.update(id(seq), { firstName: `A${seq}` }) },
      { name: RAW_PLAIN, prepare: () => (seq) => plainUpdate(pool, id(seq), { firstName: 'R' }) },
      {
        name: RAW_OUTBOX,
        prepare: () => (seq) => plainUpdate(pool, id(seq), { firstName: 'S' }, RAW_OUTBOX_INSERT),
      },
    ]);
    report.addComparison(
      'Writes with the outbox',
      `\`update\` of ${n} people, round-robin, 64 in flight. Baseline: the same service over the same DAO (a pool of the same size) with \`outbox: false\` on both: no outbox row in the write's transaction, no follower. Between them: the outbox row without this process following it, and the DAO alone; the raw mysql2 transactions with and without the \`INSERT\` show the row's own cost.`,
      PLAIN,
      measured,
    );
    report.addRatio('write_outbox_vs_plain_64', throughputRatio(measured, OUTBOX, PLAIN));
  } finally {
    await outbox.close();
    await plain.close();
    await unfollowed.close();
    await plainDb.close();
  }
}

async function measureDelivery(ctx: BenchContext, worker: ChildProcess): Promise<void> {
  const { env, scale, db, report } = ctx;
  const samples = Math.min(200, scale.hotPeople);
  const people = env.people.slice(-samples).map((p) => p.id);
  const delays = new LatencyRecorder();
  for (let from = 0; from < people.length; from += BATCH) {
    const ids = people.slice(from, from + BATCH);
    await ask(worker, { type: 'fill', ids }, 'filled');
    const keys = await Promise.all(
      ids.map(async (id) => ({ id, version: (await db.get(id))?.version ?? 0 })),
    );
    const gone = ask(worker, { type: 'watch', keys }, 'gone');
    // Spread over one poll interval, so the samples cover every phase of the follower's timer.
    const committed = await Promise.all(
      ids.map(async (id, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * POLL_INTERVAL_MS) / ids.length));
        await db.update(id, { firstName: `D${from + i}` });
        return [id, wallMs()] as const;
      }),
    );
    const at = (await gone).at;
    for (const [id, commitMs] of committed) delays.record(Math.max(0, (at[id] ?? 0) - commitMs));
  }
  const [p50, p99] = delays.quantiles([0.5, 0.99]);
  report.addFacts(
    'Invalidation delivery by the outbox',
    `${delays.count} writes through the DAO alone (no cache delete, as a writer that crashed after its commit); another process, which had cached the key, polls memcached every 2 ms until it is gone. From the write's resolve to then.`,
    [
      ['p50', `${(p50 as number).toFixed(1)} ms`],
      ['p99', `${(p99 as number).toFixed(1)} ms`],
    ],
  );
  report.addRatio('invalidation_delivery_ms_p99', p99 as number);
}

async function measureModePropagation(
  ctx: BenchContext,
  worker: ChildProcess,
  switcher: CacheAsidePersonService,
): Promise<void> {
  const delays = new LatencyRecorder();
  for (let i = 0; i < MODE_SWITCHES; i++) {
    const useDb = i % 2 === 0;
    const seen = ask(worker, { type: 'watch-mode', useDb }, 'mode');
    // A random phase against the other process's mode follower.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * POLL_INTERVAL_MS));
    await switcher.setMode({ useDb });
    const switchedAt = wallMs();
    delays.record(Math.max(0, (await seen).at - switchedAt));
  }
  const [p50, p99] = delays.quantiles([0.5, 0.99]);
  ctx.report.addFacts(
    'Mode propagation through the shared mode row',
    `${delays.count} switches through one process's \`setMode\` (the mode row); from its resolve to another process serving in the new mode.`,
    [
      ['p50', `${(p50 as number).toFixed(1)} ms`],
      ['p99', `${(p99 as number).toFixed(1)} ms`],
    ],
  );
  ctx.report.addRatio('mode_propagation_ms_p99', p99 as number);
}

/** Sends `order` to the worker and waits for its report of `type`. */
async function ask<T extends FleetReport['type']>(
  worker: ChildProcess,
  order: FleetOrder,
  type: T,
): Promise<Extract<FleetReport, { type: T }>> {
  const reply = nextReport<FleetReport>(worker);
  worker.send(order);
  return expectReport(await reply, type);
}

function expectReport<T extends FleetReport['type']>(
  report: FleetReport,
  type: T,
): Extract<FleetReport, { type: T }> {
  if (report.type === 'failed') throw new Error(`fleet worker failed: ${report.message}`);
  if (report.type !== type) throw new Error(`fleet worker said ${report.type}, expected ${type}`);
  return report as Extract<FleetReport, { type: T }>;
}
