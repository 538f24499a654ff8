import { describe, expect, it } from 'vitest';
import { balancedOrder, balancedOrderPeriod } from './balanced-order';
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

describe('balancedOrder', () => {
  /** How often each contender runs right before each other one over `rounds` rounds. */
  const precedes = (count: number, rounds: number) => {
    const counts = Array.from({ length: count }, () => new Array<number>(count).fill(0));
    for (let round = 0; round < rounds; round++) {
      const order = balancedOrder(count, round);
      for (let k = 1; k < count; k++) {
        const row = counts[order[k - 1] as number] as number[];
        const after = order[k] as number;
        row[after] = (row[after] as number) + 1;
      }
    }
    return counts;
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'with %i contenders, runs each once a round and puts each right before each other equally often',
    (count) => {
      const period = balancedOrderPeriod(count);
      for (let round = 0; round < 2 * period; round++) {
        expect([...balancedOrder(count, round)].sort((a, b) => a - b)).toEqual(
          Array.from({ length: count }, (_, i) => i),
        );
      }
      const counts = precedes(count, 2 * period);
      const each = count === 1 ? 0 : (2 * period * (count - 1)) / (count * (count - 1));
      counts.forEach((row, before) => {
        row.forEach((n, after) => {
          expect(n).toBe(before === after ? 0 : each);
        });
      });
    },
  );

  it('with an even count, puts no contender before the same one twice in a partial period', () => {
    // The miss case runs 6 contenders for 4 rounds: no neighbour may repeat there either.
    for (const row of precedes(6, 4)) {
      for (const n of row) expect(n).toBeLessThanOrEqual(1);
    }
  });

  it('rejects a count or round that is not a whole number', () => {
    expect(() => balancedOrder(0, 0)).toThrow(/count must be a positive integer/);
    expect(() => balancedOrder(3, -1)).toThrow(/round must be a non-negative integer/);
    expect(() => balancedOrder(2.5, 0)).toThrow(/count/);
  });
});

describe('compare', () => {
  it('runs every contender in every round, in the balanced order, after one warm-up each', async () => {
    const order: string[] = [];
    const contender = (name: string) => ({
      name,
      prepare: () => {
        order.push(name);
        return tick;
      },
    });
    const measured = await compare(
      { inflight: 2, rounds: 6, budget: { ops: 10 }, warmup: { ops: 2 } },
      [contender('a'), contender('b'), contender('c')],
    );
    // Warm-up, then a, b, c; b, c, a; c, a, b and the three mirrored: over the six rounds
    // every contender runs right before each other one twice, the service included.
    expect(order.join(' ')).toBe('a b c a b c b c a c a b c b a a c b b a c');
    expect(measured.map((m) => [m.name, m.ops, m.roundOpsPerSec.length])).toEqual([
      ['a', 60, 6],
      ['b', 60, 6],
      ['c', 60, 6],
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
