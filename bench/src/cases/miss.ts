import type memjs from 'memjs';
import type mysql from 'mysql2/promise';
import type { BenchContext } from '../bench-context';
import { type Contender, compare, type Operation } from '../harness';
import { countCommands } from '../memcached-commands';
import { openCacheable, openCacheManager, PEER_TTL_MS } from '../peers';
import { openRawPool, rawSelectCount, rawSelectPerson } from '../raw-clients';
import { RoundInstance } from '../round-instance';
import { ratioToStrongest } from '../strongest-baseline';
import { openTickBatchedMemjs } from '../tick-batched-memjs';

const HANDWRITTEN = 'hand-written memjs get + mysql2 execute + memjs add';
const HANDWRITTEN_NO_TRACE = 'hand-written, mysql2 trace off';
const HANDWRITTEN_BATCHED = 'hand-written, mysql2 trace off, memjs batched per tick';
const SERVICE = 'cachetoggle get (miss: lease, DB read, fill)';
const CACHE_MANAGER = 'cache-manager wrap (miss)';
const CACHEABLE = 'cacheable getOrSet (miss)';
const PER_MISS_SAMPLE = 100;

/**
 * Misses: every operation reads a person that is in the database but not in the cache (each
 * round reads under a namespace no one used before, and no id twice), so every operation is a
 * DB read plus a fill. Baseline: the cache-aside code an application would write by hand, with
 * the clients as they come and tuned (mysql2's `trace` off; memjs' writes of a tick in one
 * socket write); the headline ratio is against the faster of the tuned two.
 */
export async function runMissCase(ctx: BenchContext): Promise<void> {
  const { env, memjs, pool, report } = ctx;
  const idAt = (seq: number) => {
    const person = env.people[seq];
    if (person === undefined) throw new Error('miss case: more operations than seeded people');
    return person.id;
  };
  const noTrace = openRawPool(env.databaseUrl, { trace: false });
  const batched = openTickBatchedMemjs(env.servers);
  const handwritten = (cache: memjs.Client, db: mysql.Pool) => (): Operation => {
    const prefix = `${env.freshNamespace('miss-hand')}:`;
    return async (seq) => {
      const id = idAt(seq);
      const key = prefix + id;
      const { value } = await cache.get(key);
      if (value !== null) return JSON.parse(value.toString());
      const person = await rawSelectPerson(db, id);
      await cache.add(key, JSON.stringify(person), { expires: PEER_TTL_MS / 1000 });
      return person;
    };
  };
  const services = new RoundInstance(
    () => ctx.openService('miss'),
    (s) => s.close(),
  );
  const cacheManagers = new RoundInstance(
    () => openCacheManager(env.servers, env.freshNamespace('miss-cm')),
    (p) => p.close(),
  );
  const cacheables = new RoundInstance(
    () => openCacheable(env.servers, env.freshNamespace('miss-cacheable')),
    (p) => p.close(),
  );
  const contenders: Contender[] = [
    { name: HANDWRITTEN, prepare: handwritten(memjs, pool) },
    { name: HANDWRITTEN_NO_TRACE, prepare: handwritten(memjs, noTrace) },
    { name: HANDWRITTEN_BATCHED, prepare: handwritten(batched, noTrace) },
    {
      name: SERVICE,
      prepare: async () => {
        const { service } = await services.next();
        return (seq) => service.get(idAt(seq));
      },
    },
    {
      name: CACHE_MANAGER,
      prepare: async () => {
        const { client } = await cacheManagers.next();
        return (seq) => {
          const id = idAt(seq);
          return client.wrap(id, () => rawSelectPerson(pool, id));
        };
      },
    },
    {
      name: CACHEABLE,
      prepare: async () => {
        const { client } = await cacheables.next();
        return (seq) => {
          const id = idAt(seq);
          return client.getOrSet(id, () => rawSelectPerson(pool, id));
        };
      },
    },
  ];
  try {
    for (const inflight of [1, 64] as const) {
      const ops = ctx.scale.missOps[inflight];
      const measured = await compare(ctx.plan(inflight, { ops }), contenders);
      report.addComparison(
        'Miss',
        `\`get\` of people in the database but not in the cache (${ops} fresh ids per round). Baseline: memjs \`get\` (miss), mysql2 prepared \`execute\` by primary key, memjs \`add\`; then the same with mysql2's \`trace\` off, and with memjs' writes of one tick sent in one socket write too (\`miss_vs_handwritten_*\` is against the faster of these two).`,
        HANDWRITTEN,
        measured,
      );
      report.addRatio(
        `miss_vs_handwritten_${inflight}`,
        ratioToStrongest(measured, SERVICE, [HANDWRITTEN_NO_TRACE, HANDWRITTEN_BATCHED]).ratio,
      );
    }
    // The tuned hand-written rows send the same commands as the first one.
    const tuned = [HANDWRITTEN_NO_TRACE, HANDWRITTEN_BATCHED];
    await reportCostPerMiss(
      ctx,
      contenders.filter((c) => !tuned.includes(c.name)),
    );
  } finally {
    await services.close();
    await cacheManagers.close();
    await cacheables.close();
    batched.close();
    await noTrace.end();
  }
}

/** memcached commands and DB queries per miss, from sequential misses of each contender. */
async function reportCostPerMiss(ctx: BenchContext, contenders: Contender[]): Promise<void> {
  const rows: [string, string][] = [];
  for (const contender of contenders) {
    const op = await contender.prepare();
    const queries = () => (contender.name === SERVICE ? ctx.db.queryCount : rawSelectCount());
    const queriesBefore = queries();
    const counts = await countCommands(ctx.memjs, async () => {
      for (let seq = 0; seq < PER_MISS_SAMPLE; seq++) await op(seq);
    });
    const dbQueries = queries() - queriesBefore;
    const per = (n: number) => (n / PER_MISS_SAMPLE).toFixed(2);
    rows.push([
      contender.name,
      `gets ${per(counts.gets)}, stores ${per(counts.stores)}, deletes ${per(counts.deletes)}; DB queries ${per(dbQueries)}`,
    ]);
  }
  ctx.report.addFacts(
    'Miss: cost per miss',
    `memcached's own counters (\`stats\`: cmd_get, cmd_set, delete_*) and the query counters (the DAO's for the service, the raw pool's for the others) over ${PER_MISS_SAMPLE} sequential misses each. A store is a set, add or cas.`,
    rows,
  );
}
