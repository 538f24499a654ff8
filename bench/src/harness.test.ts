import { describe, expect, it } from 'vitest';
import { compare, median, pairedRatio, runRound } from './harness';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runRound', () => {
  it('keeps exactly N operations in flight and stops at the operation budget', async () => {
    let inFlight = 0;
    let most = 0;
    const seqs: number[] = [];
    const result = await runRound(
      async (seq) => {
        seqs.push(seq);
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
      },
      8,
      { ops: 100 },
    );
    expect(result.ops).toBe(100);
    expect(most).toBe(8);
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('compare', () => {
  it('runs every contender in every round, in a rotating order, after one warm-up each', async () => {
    const order: string[] = [];
    const contender = (name: string) => ({
      name,
      prepare: () => {
        order.push(name);
        return tick;
      },
    });
    const measured = await compare(
      { inflight: 2, rounds: 3, budget: { ops: 10 }, warmup: { ops: 2 } },
      [contender('a'), contender('b'), contender('c')],
    );
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(measured.map((m) => [m.name, m.ops, m.roundOpsPerSec.length])).toEqual([
      ['a', 30, 3],
      ['b', 30, 3],
      ['c', 30, 3],
    ]);
  });
});

describe('pairedRatio', () => {
  it('is the median of the per-round ratios, so one disturbed round does not move it', () => {
    const base = { roundOpsPerSec: [100, 100, 100, 100, 100] };
    const candidate = { roundOpsPerSec: [90, 95, 5, 92, 300] };
    const m = (r: { roundOpsPerSec: number[] }) => ({
      name: '',
      inflight: 1,
      ops: 0,
      opsPerSec: median(r.roundOpsPerSec),
      p50Ms: 0,
      p99Ms: 0,
      cpuMicrosPerOp: 0,
      ...r,
    });
    expect(pairedRatio(m(candidate), m(base))).toBeCloseTo(0.92);
  });
});
