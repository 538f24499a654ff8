import { NotFoundError } from '@cachetoggle/model';
import type { BenchContext } from '../bench-context';
import { forEachConcurrently } from '../concurrently';
import { absentId } from '../environment';
import { collectGarbage, runRound } from '../harness';

const INFLIGHT = 64;
const CHECKPOINTS = 10;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * A long run of `get`s at 64 in flight on one service: 18 in 20 are hits, 1 in 20 reads a
 * person not cached yet (a fill), 1 in 20 an id that exists nowhere (a DB read, then a
 * tombstone). The heap is read after a full GC at the start, at checkpoints and at the end:
 * what the service keeps per request (single-flight entries, leases, timers) must not grow.
 */
export async function runMemoryCase(ctx: BenchContext): Promise<void> {
  const { env, scale, report } = ctx;
  const hot = env.people.slice(0, scale.hotPeople).map((p) => p.id);
  const cold = env.people.slice(scale.hotPeople).map((p) => p.id);
  const stack = ctx.openService('memory');
  const { service } = stack;
  const requests = scale.memoryRequests;
  const step = Math.ceil(requests / CHECKPOINTS);
  const heap: number[] = [];
  const notFound = (error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  };
  try {
    await forEachConcurrently(hot, 32, (id) => service.get(id));
    const op = (seq: number) => {
      if (seq % step === 0) {
        collectGarbage();
        heap.push(process.memoryUsage().heapUsed);
      }
      const slot = seq % 20;
      if (slot === 0) return service.get(absentId(seq)).catch(notFound);
      if (slot === 10) return service.get(cold[Math.floor(seq / 20) % cold.length] as string);
      return service.get(hot[seq % hot.length] as string);
    };
    collectGarbage();
    const start = process.memoryUsage().heapUsed;
    const round = await runRound(op, INFLIGHT, { ops: requests });
    collectGarbage();
    const end = process.memoryUsage().heapUsed;
    const stats = service.stats();
    report.addFacts(
      'Memory',
      `${requests.toLocaleString('en-US')} \`get\`s at ${INFLIGHT} in flight on one service (18/20 hits, 1/20 fills, 1/20 ids that exist nowhere). Heap used after a full GC (\`node --expose-gc\`).`,
      [
        ['requests', String(round.ops)],
        ['throughput', `${((round.ops * 1000) / round.elapsedMs).toFixed(0)} ops/s`],
        ['heap used at start', mb(start)],
        ['heap used at end', mb(end)],
        ['heap growth', mb(end - start)],
        ['heap at checkpoints', heap.map(mb).join(', ')],
        [
          'service stats',
          `hits ${stats.hits}, misses ${stats.misses}, fills ${stats.fills}, tombstone hits ${stats.tombstoneHits}, DB reads ${stats.dbReads}, cache errors ${stats.cacheErrors}, pending invalidations ${stats.pendingInvalidations}`,
        ],
      ],
    );
    report.addRatio('memory_heap_growth_mb', (end - start) / 2 ** 20);
  } finally {
    await stack.close();
  }
}
