import type { BenchContext } from '../bench-context';
import { forEachConcurrently } from '../concurrently';
import { type Contender, compare, throughputRatio } from '../harness';
import { RoundInstance } from '../round-instance';
import { BATCH, GET_MANY, runGetManyWarm, SEQUENTIAL, sequentialGets } from './get-many-warm';

type Warmth = 'cold' | 'half warm';

/**
 * Batches of 100 ids: `getMany` (one multi-get round trip, one SQL `IN` query for the misses)
 * against 100 sequential `get`s of the same ids on the same state, warm, cold and half warm;
 * warm also against keyv's `getMany` and raw one-request multi-gets (get-many-warm.ts).
 */
export async function runGetManyCase(ctx: BenchContext): Promise<void> {
  await runGetManyWarm(ctx);
  for (const warmth of ['cold', 'half warm'] as const) await runCold(ctx, warmth);
  await reportQueriesPerBatch(ctx);
}

async function runCold(ctx: BenchContext, warmth: Warmth): Promise<void> {
  const { env, report } = ctx;
  const batchAt = (seq: number) => {
    const batch = env.people.slice(seq * BATCH, (seq + 1) * BATCH).map((p) => p.id);
    if (batch.length < BATCH) throw new Error('getMany case: more batches than seeded people');
    return batch;
  };
  const open = async (label: string, batches: number) => {
    const stack = ctx.openService(label);
    if (warmth === 'half warm') {
      const even = env.people.slice(0, batches * BATCH).filter((_, i) => i % 2 === 0);
      const chunks = Array.from({ length: Math.ceil(even.length / BATCH) }, (_, k) =>
        even.slice(k * BATCH, (k + 1) * BATCH).map((p) => p.id),
      );
      await forEachConcurrently(chunks, 8, (chunk) => stack.service.getMany(chunk));
    }
    return stack;
  };
  for (const inflight of [1, 64] as const) {
    const ops = ctx.scale.coldBatchOps[inflight];
    const plan = ctx.plan(inflight, { ops });
    const batches = Math.max(ops, plan.warmup.ops ?? 0);
    const sequential = new RoundInstance(
      () => open('many-seq', batches),
      (s) => s.close(),
    );
    const many = new RoundInstance(
      () => open('many', batches),
      (s) => s.close(),
    );
    const contenders: Contender[] = [
      {
        name: `${SEQUENTIAL} (${warmth})`,
        prepare: async () => {
          const stack = await sequential.next();
          return (seq) => sequentialGets(stack, batchAt(seq));
        },
      },
      {
        name: `${GET_MANY} (${warmth})`,
        prepare: async () => {
          const stack = await many.next();
          return (seq) => stack.service.getMany(batchAt(seq));
        },
      },
    ];
    try {
      const measured = await compare(plan, contenders);
      report.addComparison(
        `getMany(100), ${warmth}`,
        `Batches of 100 people in the database, ${warmth === 'cold' ? 'none' : 'every other one'} cached (${ops} batches per round, fresh namespace per round). Baseline: the same 100 ids read with sequential \`get\`s on the same state.`,
        `${SEQUENTIAL} (${warmth})`,
        measured,
      );
      report.addRatio(
        `getmany100_${warmth.replace(' ', '')}_vs_sequential_${inflight}`,
        throughputRatio(measured, `${GET_MANY} (${warmth})`, `${SEQUENTIAL} (${warmth})`),
      );
    } finally {
      await sequential.close();
      await many.close();
    }
  }
}

/** DB queries of one cold and one half-warm getMany(100), from the DAO's counter. */
async function reportQueriesPerBatch(ctx: BenchContext): Promise<void> {
  const ids = ctx.env.people.slice(0, BATCH).map((p) => p.id);
  const stack = ctx.openService('many-count');
  try {
    const before = ctx.db.queryCount;
    await stack.service.getMany(ids);
    const cold = ctx.db.queryCount - before;
    await Promise.all(ids.filter((_, i) => i % 2 === 0).map((id) => stack.cache.delete(id)));
    const middle = ctx.db.queryCount;
    await stack.service.getMany(ids);
    const half = ctx.db.queryCount - middle;
    const warmStart = ctx.db.queryCount;
    await stack.service.getMany(ids);
    ctx.report.addFacts('getMany(100): DB queries', 'From `MysqlPersonDb.queryCount`.', [
      ['cold batch of 100', String(cold)],
      ['half-warm batch of 100 (50 misses)', String(half)],
      ['warm batch of 100', String(ctx.db.queryCount - warmStart)],
    ]);
  } finally {
    await stack.close();
  }
}
