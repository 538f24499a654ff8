import type { BenchContext } from '../bench-context';
import { compare, throughputRatio } from '../harness';
import { rawSelectPerson } from '../raw-clients';

const RAW = 'mysql2 prepared execute by primary key';
const SERVICE = 'cachetoggle get (DB mode)';
const DAO = 'MysqlPersonDb get (no service)';

/**
 * DB mode: the service with `useDb` reads the database only. Baseline: a raw mysql2 prepared
 * `execute` of the primary-key select on a pool of the same size. The DAO alone shows how the
 * cost splits between the DAO and the service.
 */
export async function runDbModeCase(ctx: BenchContext): Promise<void> {
  const { env, scale, pool, db, report } = ctx;
  const ids = env.people.slice(0, scale.hotPeople).map((p) => p.id);
  const n = ids.length;
  const stack = ctx.openService('db-mode', { useDb: true });
  const cacheReadsBefore = stack.service.stats().hits + stack.service.stats().misses;
  try {
    const contenders = [
      { name: RAW, prepare: () => (seq: number) => rawSelectPerson(pool, ids[seq % n] as string) },
      { name: SERVICE, prepare: () => (seq: number) => stack.service.get(ids[seq % n] as string) },
      { name: DAO, prepare: () => (seq: number) => db.get(ids[seq % n] as string) },
    ];
    for (const inflight of [1, 64] as const) {
      const measured = await compare(ctx.plan(inflight), contenders);
      report.addComparison(
        'DB mode',
        `\`get\` with \`useDb\` over ${n} people, round-robin. Baseline: mysql2 \`pool.execute\` (prepared) of \`SELECT … WHERE id = ?\`, row mapped by hand, pool of the same size.`,
        RAW,
        measured,
      );
      report.addRatio(`dbmode_vs_mysql2_${inflight}`, throughputRatio(measured, SERVICE, RAW));
    }
    const stats = stack.service.stats();
    report.addFacts('DB mode: sanity', 'DB mode must neither read nor fill the cache.', [
      ['cache reads by the DB-mode service', String(stats.hits + stats.misses - cacheReadsBefore)],
      ['fills by the DB-mode service', String(stats.fills)],
    ]);
  } finally {
    await stack.close();
  }
}
