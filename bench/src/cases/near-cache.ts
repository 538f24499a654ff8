import type { BenchContext } from '../bench-context';
import { forEachConcurrently } from '../concurrently';
import { compare, throughputRatio } from '../harness';

const PLAIN = 'cachetoggle get (hit)';
const NEAR = 'cachetoggle get (hit), near cache on';
// Longer than any round, so the timed reads are near hits: the line measures the hit path, not
// the refills every `ttlMs`.
const NEAR_TTL_MS = 60_000;

/**
 * Hits with and without the in-process near cache: the service's `get` of warm people, once
 * answered by memcached and once by the near cache in front of it.
 */
export async function runNearCacheCase(ctx: BenchContext): Promise<void> {
  const { env, scale, report } = ctx;
  const ids = env.people.slice(0, scale.hotPeople).map((p) => p.id);
  const n = ids.length;
  const plain = ctx.openService('near-plain');
  const near = ctx.openService('near-on', { nearCache: { ttlMs: NEAR_TTL_MS } });
  try {
    await forEachConcurrently(ids, 32, async (id) => {
      await plain.service.get(id);
      await near.service.get(id);
    });
    const nearHitsBefore = near.service.stats().nearHits;
    const measured = await compare(ctx.plan(64), [
      { name: PLAIN, prepare: () => (seq: number) => plain.service.get(ids[seq % n] as string) },
      { name: NEAR, prepare: () => (seq: number) => near.service.get(ids[seq % n] as string) },
    ]);
    report.addComparison(
      'Near cache',
      `\`get\` of ${n} warm people, round-robin, 64 in flight. Baseline: the service answered by memcached; against it, a service whose near cache (in-process, \`ttlMs\` ${NEAR_TTL_MS}) holds them.`,
      PLAIN,
      measured,
    );
    report.addRatio('nearcache_hit_vs_hit_64', throughputRatio(measured, NEAR, PLAIN));
    report.addFacts('Near cache: sanity', 'The near rows must be near hits.', [
      ['near hits during the timed rounds', String(near.service.stats().nearHits - nearHitsBefore)],
    ]);
  } finally {
    await Promise.all([plain.close(), near.close()]);
  }
}
