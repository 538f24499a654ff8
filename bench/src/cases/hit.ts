import type { Person } from '@cachetoggle/model';
import type { BenchContext } from '../bench-context';
import { forEachConcurrently } from '../concurrently';
import { compare, throughputRatio } from '../harness';
import { openCacheable, openCacheManager, openKeyv, PEER_TTL_MS } from '../peers';
import { baselineKey, cachedValueOf, personJsonOf, rawSelectPerson } from '../raw-clients';
import { openTickBatchedMemjs } from '../tick-batched-memjs';

const MEMJS = 'memjs get + JSON.parse';
const MEMJS_BATCHED = 'memjs get + JSON.parse, writes batched per tick';
const SERVICE = 'cachetoggle get (hit)';
const KEYV = 'keyv get (@keyv/memcache)';
const CACHE_MANAGER = 'cache-manager wrap (hit)';
const CACHEABLE = 'cacheable getOrSet (hit)';

/**
 * Hits: the service's `get` of a cached person against the physical floor (memjs reading the
 * bytes the service stores, under keys of its own, and parsing the person's JSON), plain and
 * with its writes batched per tick as cachetoggle batches its own, and against keyv,
 * cache-manager `wrap` and cacheable `getOrSet`, each on its own `@keyv/memcache` store holding
 * the same people.
 */
export async function runHitCase(ctx: BenchContext): Promise<void> {
  const { env, scale, memjs, report } = ctx;
  const ids = env.people.slice(0, scale.hotPeople).map((p) => p.id);
  const stack = ctx.openService('hit');
  const memjsNamespace = env.freshNamespace('hit-memjs');
  const batched = openTickBatchedMemjs(env.servers);
  const keyv = openKeyv(env.servers, env.freshNamespace('hit-keyv'));
  const cacheManager = openCacheManager(env.servers, env.freshNamespace('hit-cm'));
  const cacheable = openCacheable(env.servers, env.freshNamespace('hit-cacheable'));
  let peerLoads = 0;
  const load = (id: string): Promise<Person | undefined> => {
    peerLoads++;
    return rawSelectPerson(ctx.pool, id);
  };
  try {
    await forEachConcurrently(ids, 32, async (id) => {
      const person = await load(id);
      if (person === undefined) throw new Error(`hit case: ${id} is not in the database`);
      await stack.service.get(id);
      await memjs.set(baselineKey(memjsNamespace, id), cachedValueOf(person, PEER_TTL_MS), {
        expires: PEER_TTL_MS / 1000,
      });
      await keyv.client.set(id, person);
      await cacheManager.client.wrap(id, () => person);
      await cacheable.client.getOrSet(id, async () => person);
    });
    const keys = ids.map((id) => baselineKey(memjsNamespace, id));
    const n = ids.length;
    const memjsGet = (client: typeof memjs) => async (seq: number) => {
      const { value } = await client.get(keys[seq % n] as string);
      if (value === null) throw new Error('memjs baseline missed a warm key');
      return JSON.parse(personJsonOf(value.toString()));
    };
    const missesBefore = stack.service.stats().misses;
    peerLoads = 0;
    const contenders = [
      { name: MEMJS, prepare: () => memjsGet(memjs) },
      { name: MEMJS_BATCHED, prepare: () => memjsGet(batched) },
      { name: SERVICE, prepare: () => (seq: number) => stack.service.get(ids[seq % n] as string) },
      { name: KEYV, prepare: () => (seq: number) => keyv.client.get(ids[seq % n] as string) },
      {
        name: CACHE_MANAGER,
        prepare: () => (seq: number) => {
          const id = ids[seq % n] as string;
          return cacheManager.client.wrap(id, () => load(id));
        },
      },
      {
        name: CACHEABLE,
        prepare: () => (seq: number) => {
          const id = ids[seq % n] as string;
          return cacheable.client.getOrSet(id, () => load(id));
        },
      },
    ];
    for (const inflight of [1, 64] as const) {
      const measured = await compare(ctx.plan(inflight), contenders);
      report.addComparison(
        'Hit',
        `\`get\` of ${n} warm people, round-robin. Baseline: memjs \`get\` of the bytes the service stores (under keys of its own), plus JSON.parse of the person; also with memjs' writes of one tick sent in one socket write (cork, uncork in \`process.nextTick\`). The peers read their own @keyv/memcache store holding the same people.`,
        MEMJS,
        measured,
      );
      report.addRatio(`hit_vs_memjs_${inflight}`, throughputRatio(measured, SERVICE, MEMJS));
      if (inflight === 64) {
        report.addRatio(
          'hit_vs_memjs_batched_64',
          throughputRatio(measured, SERVICE, MEMJS_BATCHED),
        );
      }
      report.addRatio(
        `hit_vs_cachemanager_${inflight}`,
        throughputRatio(measured, SERVICE, CACHE_MANAGER),
      );
      report.addRatio(
        `hit_vs_cacheable_${inflight}`,
        throughputRatio(measured, SERVICE, CACHEABLE),
      );
      report.addRatio(`hit_vs_keyv_${inflight}`, throughputRatio(measured, SERVICE, KEYV));
    }
    report.addFacts('Hit: sanity', 'Every timed operation of the hit rows must be a hit.', [
      [
        'service misses during the timed rounds',
        String(stack.service.stats().misses - missesBefore),
      ],
      ['peer loader calls during the timed rounds', String(peerLoads)],
    ]);
  } finally {
    await stack.close();
    batched.close();
    keyv.close();
    cacheManager.close();
    cacheable.close();
  }
}
