import type { ChildProcess } from 'node:child_process';
import { freePort } from '@cachetoggle/testing/memcached';
import type { BenchContext } from '../bench-context';
import { openCachetoggle } from '../cachetoggle';
import { readComSelect } from '../com-select';
import type { StormOrder, WorkerReport } from '../stampede-worker';
import { askAll, forkWorkers, nextReport, stopWorkers } from '../worker-processes';

const PROCESSES = 4;

/**
 * Stampedes: many concurrent `get`s of one cold id, in one process (single-flight must make it
 * one DB query) and spread over 4 processes (the lease makes the others wait for the fill).
 * DB queries are counted by the DAOs; MariaDB's Com_select delta is shown as a cross-check.
 */
export async function runStampedeCase(ctx: BenchContext): Promise<void> {
  const { scale, report } = ctx;
  const single = await stampedeOneProcess(ctx);
  const multi = await stampedeProcesses(ctx);
  const down = await stampedeCacheDown(ctx);
  report.addFacts(
    'Stampede',
    `${scale.stampedeGets} concurrent \`get\`s of one cold id (a fresh one per trial). DB queries from the DAOs' counters; Com_select is MariaDB's server-wide delta (other sessions may add to it).`,
    [...single.rows, ...multi.rows, down.row],
  );
  report.addRatio('stampede_db_reads_1proc', single.worst);
  report.addRatio('stampede_db_reads_4proc', multi.worst);
  report.addRatio('stampede_db_reads_cache_down', down.queries);
}

async function stampedeOneProcess(ctx: BenchContext) {
  const rows: [string, string][] = [];
  let worst = 0;
  for (let trial = 0; trial < ctx.scale.stampedeTrials; trial++) {
    const stack = ctx.openService('stampede-1');
    try {
      const id = ctx.env.people[trial]?.id as string;
      const comBefore = await readComSelect(ctx.pool);
      const before = ctx.db.queryCount;
      const readsBefore = stack.service.stats().dbReads;
      const reads = await Promise.all(
        Array.from({ length: ctx.scale.stampedeGets }, () => stack.service.get(id)),
      );
      const statements = ctx.db.queryCount - before;
      const { cacheErrors, dbReads } = stack.service.stats();
      const queries = dbReads - readsBefore;
      const com = (await readComSelect(ctx.pool)) - comBefore;
      if (reads.some((r) => r.person.id !== id)) throw new Error('stampede read a wrong person');
      worst = Math.max(worst, queries);
      rows.push([
        `1 process, trial ${trial + 1}`,
        `DB reads ${queries} (statements ${statements}, outbox polls included; cache errors ${cacheErrors}; Com_select +${com})`,
      ]);
    } finally {
      await stack.close();
    }
  }
  return { rows, worst };
}

/**
 * The same storm with memcached unreachable (a port nothing listens on): every reader falls
 * back to the database, and single-flight decides whether that is one query or one per reader.
 */
async function stampedeCacheDown(ctx: BenchContext) {
  const stack = openCachetoggle(`127.0.0.1:${await freePort()}`, 'unreachable', ctx.db);
  try {
    const id = ctx.env.people[ctx.scale.stampedeTrials]?.id as string;
    const before = ctx.db.queryCount;
    const readsBefore = stack.service.stats().dbReads;
    const reads = await Promise.all(
      Array.from({ length: ctx.scale.stampedeGets }, () => stack.service.get(id)),
    );
    const statements = ctx.db.queryCount - before;
    if (reads.some((r) => r.person.id !== id)) throw new Error('stampede read a wrong person');
    const stats = stack.service.stats();
    const queries = stats.dbReads - readsBefore;
    const row: [string, string] = [
      '1 process, memcached unreachable',
      `DB reads ${queries} (statements ${statements}, outbox polls included; cache errors ${stats.cacheErrors}; breaker ${stats.breakerState})`,
    ];
    return { row, queries };
  } finally {
    await stack.close();
  }
}

async function stampedeProcesses(ctx: BenchContext) {
  const { env, scale } = ctx;
  const namespace = env.freshNamespace('stampede-4');
  let workers: ChildProcess[] = [];
  const rows: [string, string][] = [];
  let worst = 0;
  try {
    workers = forkWorkers(new URL('../stampede-worker.ts', import.meta.url), PROCESSES, {
      STAMPEDE_SERVERS: env.servers,
      STAMPEDE_DATABASE_URL: env.databaseUrl,
      STAMPEDE_NAMESPACE: namespace,
    });
    for (const ready of await Promise.all(workers.map((w) => nextReport<WorkerReport>(w)))) {
      if (ready.type !== 'ready') throw new Error(`stampede worker: ${JSON.stringify(ready)}`);
    }
    const gets = Math.ceil(scale.stampedeGets / PROCESSES);
    for (let trial = 0; trial < scale.stampedeTrials; trial++) {
      const id = env.people[env.people.length - 1 - trial]?.id as string;
      const comBefore = await readComSelect(ctx.pool);
      const order: StormOrder = { type: 'storm', id, gets, startAt: Date.now() + 100 };
      const reports = await askAll<WorkerReport>(workers, order);
      const com = (await readComSelect(ctx.pool)) - comBefore;
      const stormed = reports.map((r) => {
        if (r.type !== 'stormed') throw new Error(`stampede worker: ${JSON.stringify(r)}`);
        if (r.wrong > 0) throw new Error('stampede worker read a wrong person');
        return r;
      });
      const total = stormed.reduce((sum, r) => sum + r.dbReads, 0);
      worst = Math.max(worst, total);
      rows.push([
        `${PROCESSES} processes × ${gets}, trial ${trial + 1}`,
        `DB reads ${total} (per process ${stormed.map((r) => r.dbReads).join('/')}; statements ${stormed.map((r) => r.dbQueries).join('/')}; lease waits ${stormed.map((r) => r.leaseWaits).join('/')}; fills ${stormed.map((r) => r.fills).join('/')}; cache errors ${stormed.map((r) => r.cacheErrors).join('/')}; Com_select +${com})`,
      ]);
    }
  } finally {
    await stopWorkers(workers);
  }
  return { rows, worst };
}
