import type { BenchContext } from '../bench-context';
import { compare, throughputRatio } from '../harness';
import {
  callbackSelectPerson,
  openCallbackPool,
  openRawPool,
  rawSelectPerson,
} from '../raw-clients';
import { ratioToStrongest } from '../strongest-baseline';

const RAW = 'mysql2 prepared execute by primary key';
const RAW_NO_TRACE = 'mysql2 prepared execute, trace off';
const CALLBACK = 'mysql2 callback execute';
const SERVICE = 'cachetoggle get (DB mode)';
const DAO = 'MysqlPersonDb get (no service)';

/**
 * DB mode: the service with `useDb` reads the database only. Baselines: a raw mysql2 prepared
 * `execute` of the primary-key select on a pool of the same size, as mysql2's promise API comes
 * (a stack trace captured per call), with `trace: false`, and on the callback API. The DAO
 * alone shows how the cost splits between the DAO and the service.
 */
export async function runDbModeCase(ctx: BenchContext): Promise<void> {
  const { env, scale, pool, db, report } = ctx;
  const ids = env.people.slice(0, scale.hotPeople).map((p) => p.id);
  const n = ids.length;
  const stack = ctx.openService('db-mode', { useDb: true });
  const noTrace = openRawPool(env.databaseUrl, { trace: false });
  const callbacks = openCallbackPool(env.databaseUrl);
  const cacheReadsBefore = stack.service.stats().hits + stack.service.stats().misses;
  try {
    const contenders = [
      { name: RAW, prepare: () => (seq: number) => rawSelectPerson(pool, ids[seq % n] as string) },
      {
        name: RAW_NO_TRACE,
        prepare: () => (seq: number) => rawSelectPerson(noTrace, ids[seq % n] as string),
      },
      {
        name: CALLBACK,
        prepare: () => (seq: number) => callbackSelectPerson(callbacks, ids[seq % n] as string),
      },
      { name: SERVICE, prepare: () => (seq: number) => stack.service.get(ids[seq % n] as string) },
      { name: DAO, prepare: () => (seq: number) => db.get(ids[seq % n] as string) },
    ];
    for (const inflight of [1, 64] as const) {
      const measured = await compare(ctx.plan(inflight), contenders);
      report.addComparison(
        'DB mode',
        `\`get\` with \`useDb\` over ${n} people, round-robin. Baseline: mysql2 \`pool.execute\` (prepared) of \`SELECT … WHERE id = ?\` as the promise API comes (\`trace\` on: a stack captured per call), row mapped by hand, pool of the same size; also with \`trace: false\` and on the callback API.`,
        RAW,
        measured,
      );
      report.addRatio(`dbmode_vs_mysql2_${inflight}`, throughputRatio(measured, SERVICE, RAW));
      report.addRatio(
        `dbmode_vs_mysql2_notrace_${inflight}`,
        ratioToStrongest(measured, SERVICE, [RAW_NO_TRACE, CALLBACK]).ratio,
      );
    }
    const stats = stack.service.stats();
    report.addFacts('DB mode: sanity', 'DB mode must neither read nor fill the cache.', [
      ['cache reads by the DB-mode service', String(stats.hits + stats.misses - cacheReadsBefore)],
      ['fills by the DB-mode service', String(stats.fills)],
    ]);
  } finally {
    await stack.close();
    await noTrace.end();
    await new Promise<void>((resolve) => callbacks.end(() => resolve()));
  }
}
