import type { ChildProcess } from 'node:child_process';
import type { BenchContext } from '../bench-context';
import { openCachetoggle } from '../cachetoggle';
import { readComSelect } from '../com-select';
import type { HotKeyReport, HotReadOrder } from '../hot-key-worker';
import { askAll, forkWorkers, nextReport, stopWorkers } from '../worker-processes';

const PROCESSES = 4;
const INFLIGHT = 64;
const TTLS = 3;

/**
 * A hot key: one id read without pause by 4 processes at 64 in flight each, for 3 TTLs of a
 * short TTL, after one warm-up fill. Plain cache-aside misses every time the value expires, and
 * every reader that finds it gone reads the DB; the bar is no miss at all (the value refreshed
 * before it expires) and at most one DB read per TTL. Misses are reads the service answered
 * from the DB; DB reads come from the processes' DAO counters, with MariaDB's Com_select delta
 * (server-wide, so an upper bound) as a cross-check.
 */
export async function runHotKeyCase(ctx: BenchContext): Promise<void> {
  const { env } = ctx;
  const ttlMs = ctx.scale.hotKeyTtlMs;
  const namespace = env.freshNamespace('hot-key');
  const id = env.people[0]?.id as string;
  let workers: ChildProcess[] = [];
  try {
    workers = forkWorkers(new URL('../hot-key-worker.ts', import.meta.url), PROCESSES, {
      HOTKEY_SERVERS: env.servers,
      HOTKEY_DATABASE_URL: env.databaseUrl,
      HOTKEY_NAMESPACE: namespace,
      HOTKEY_TTL_MS: String(ttlMs),
    });
    for (const ready of await Promise.all(workers.map((w) => nextReport<HotKeyReport>(w)))) {
      if (ready.type !== 'ready') throw new Error(`hot-key worker: ${JSON.stringify(ready)}`);
    }
    await warmUpFill(ctx, namespace, id, ttlMs);
    const comBefore = await readComSelect(ctx.pool);
    const order: HotReadOrder = {
      type: 'read',
      id,
      inflight: INFLIGHT,
      startAt: Date.now() + 100,
      durationMs: TTLS * ttlMs,
    };
    const reports = (await askAll<HotKeyReport>(workers, order)).map((r) => {
      if (r.type !== 'read') throw new Error(`hot-key worker: ${JSON.stringify(r)}`);
      if (r.wrong > 0) throw new Error('hot-key worker read a wrong person');
      return r;
    });
    const com = (await readComSelect(ctx.pool)) - comBefore;
    const sum = (pick: (r: (typeof reports)[number]) => number) =>
      reports.reduce((total, r) => total + pick(r), 0);
    const each = (pick: (r: (typeof reports)[number]) => number) => reports.map(pick).join('/');
    const misses = sum((r) => r.fromDb);
    const dbReads = sum((r) => r.dbReads);
    const dbQueries = sum((r) => r.dbQueries);
    ctx.report.addFacts(
      'Hot key',
      `One id read by ${PROCESSES} processes at ${INFLIGHT} in flight each (own service, DAO pool and memcached connection per process) for ${TTLS} TTLs of ${ttlMs / 1000} s, after one warm-up fill. Per-process figures in process order.`,
      [
        ['reads', `${sum((r) => r.reads)} (${each((r) => r.reads)})`],
        ['misses: reads answered from the DB', `${misses} (${each((r) => r.fromDb)})`],
        [
          'DB reads of the person (service counters)',
          `${dbReads} (${each((r) => r.dbReads)}); per TTL ${(dbReads / TTLS).toFixed(2)}`,
        ],
        [
          'DB statements, outbox polls included (DAO counters)',
          `${dbQueries} (${each((r) => r.dbQueries)}); Com_select +${com}`,
        ],
        ['lease waits', each((r) => r.leaseWaits)],
        ['cache errors', each((r) => r.cacheErrors)],
      ],
    );
    ctx.report.addRatio('hotkey_misses', misses);
    ctx.report.addRatio('hotkey_db_reads_per_ttl', dbReads / TTLS);
  } finally {
    await stopWorkers(workers);
  }
}

/** Fills the key once through a service of this process, and waits until it is a hit. */
async function warmUpFill(ctx: BenchContext, namespace: string, id: string, ttlMs: number) {
  const filler = openCachetoggle(ctx.env.servers, namespace, ctx.db, { ttlMs });
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await filler.service.get(id)).source === 'cache') return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('hot-key case: the warm-up fill never became a hit');
  } finally {
    await filler.close();
  }
}
