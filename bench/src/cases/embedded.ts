import Keyv from 'keyv';
import type { BenchContext } from '../bench-context';
import { openEmbedded } from '../cachetoggle';
import { forEachConcurrently } from '../concurrently';
import { type Contender, compare } from '../harness';

const KEYV_MAP = 'keyv get + JSON.parse (in-memory Map)';
const HIT = 'cachetoggle get, embedded (hit: KeyvPersonCache)';
const DB_MODE = 'cachetoggle get, embedded (DB mode: SQLite in memory)';

/**
 * The demo's defaults, with no server at all: KeyvPersonCache on an in-process Map and
 * SqlitePersonDb on an in-memory database. Baseline: keyv's own `get` on a Map plus JSON.parse.
 */
export async function runEmbeddedCase(ctx: BenchContext): Promise<void> {
  const people = ctx.env.people.slice(0, ctx.scale.hotPeople);
  const ids = people.map((p) => p.id);
  const n = ids.length;
  const embedded = await openEmbedded();
  const keyv = new Keyv<string>();
  try {
    for (const p of people) {
      await embedded.db.create({ id: p.id, firstName: p.firstName, lastName: p.lastName });
      await keyv.set(p.id, JSON.stringify(p));
    }
    await forEachConcurrently(ids, 16, (id) => embedded.service.get(id));
    const contenders: Contender[] = [
      {
        name: KEYV_MAP,
        prepare: () => async (seq) =>
          JSON.parse((await keyv.get(ids[seq % n] as string)) as string),
      },
      { name: HIT, prepare: () => (seq) => embedded.service.get(ids[seq % n] as string) },
      {
        name: DB_MODE,
        prepare: () => (seq) => embedded.service.get(ids[seq % n] as string, { useDb: true }),
      },
    ];
    for (const inflight of [1, 64] as const) {
      ctx.report.addComparison(
        'Embedded defaults (demo)',
        `\`get\` of ${n} people with no servers: the in-process cache and in-memory SQLite.`,
        KEYV_MAP,
        await compare(ctx.plan(inflight), contenders),
      );
    }
  } finally {
    await embedded.close();
  }
}
