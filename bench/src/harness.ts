import { performance } from 'node:perf_hooks';
import { balancedOrder } from './balanced-order';
import { LatencyRecorder } from './latency-recorder';

/** One timed operation; `seq` counts from 0 within a round, across all loops. */
export type Operation = (seq: number) => Promise<unknown>;

/** Something measured in a comparison. */
export interface Contender {
  readonly name: string;
  /**
   * Makes the operation for one round, outside the timed window: cold cases use it to switch
   * to fresh keys, so every round starts from the state the case describes.
   */
  readonly prepare: () => Operation | Promise<Operation>;
}

/** How long one round of one contender lasts. */
export type RoundBudget =
  | { readonly durationMs: number; readonly ops?: undefined }
  /** A fixed number of operations, for cases that consume state (fresh ids). */
  | { readonly ops: number; readonly durationMs?: undefined };

/** How a comparison is run. */
export interface ComparisonPlan {
  /** Requests in flight: this many concurrent async loops, each awaiting its operation. */
  readonly inflight: number;
  /**
   * Timed rounds per contender; contenders take turns, in the order `balancedOrder` gives each
   * round (balanced over a multiple of `balancedOrderPeriod(contenders)` rounds).
   */
  readonly rounds: number;
  readonly budget: RoundBudget;
  /** One untimed round per contender before the timed ones. */
  readonly warmup: RoundBudget;
}

/** What one contender achieved over all its timed rounds. */
export interface Measurement {
  readonly name: string;
  readonly inflight: number;
  readonly ops: number;
  /** The median of the rounds' ops/s. */
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * CPU time of this process per operation, in microseconds: the client-side cost, which
   * other processes on the machine disturb far less than they disturb ops/s.
   */
  readonly cpuMicrosPerOp: number;
  /** ops/s of each round, to show the spread. */
  readonly roundOpsPerSec: readonly number[];
}

interface RoundResult {
  readonly ops: number;
  readonly elapsedMs: number;
  /** CPU time (user + system) this process spent in the round, in microseconds. */
  readonly cpuMicros: number;
}

/**
 * Runs `inflight` loops that each await `op` until the budget is spent, recording the latency
 * of every operation into `latencies` (when given).
 */
export async function runRound(
  op: Operation,
  inflight: number,
  budget: RoundBudget,
  latencies?: LatencyRecorder,
): Promise<RoundResult> {
  const limit = budget.ops ?? Number.POSITIVE_INFINITY;
  let issued = 0;
  let completed = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deadline =
    budget.durationMs === undefined ? Number.POSITIVE_INFINITY : start + budget.durationMs;
  const loop = async () => {
    while (issued < limit) {
      const seq = issued++;
      const t0 = performance.now();
      await op(seq);
      const t1 = performance.now();
      latencies?.record(t1 - t0);
      completed++;
      if (t1 >= deadline) return;
    }
  };
  const loops: Promise<void>[] = [];
  for (let i = 0; i < inflight; i++) loops.push(loop());
  await Promise.all(loops);
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ops: completed, elapsedMs, cpuMicros: cpu.user + cpu.system };
}

/** A full garbage collection (when node runs with --expose-gc), for measuring the heap. */
export function collectGarbage(): void {
  globalThis.gc?.();
}

/**
 * Collects the young generation (when node runs with --expose-gc) between rounds, so the
 * short-lived garbage of one contender's round is not collected on the next one's clock. Not a
 * full collection: a full one clears the weak references of V8's optimized code, which
 * deoptimizes nearly every hot function of both contenders ("weak objects" in
 * `--trace-deopt`), and every round then started in unoptimized code and recompiled, on CPU
 * counted in the round. That cost is per round, not per operation, and larger for the longer
 * code path: sequential misses through the service measured 253 µs of CPU each against 199
 * for the hand-written path with a full GC before every round of 2,000, and 136 against 138
 * with this one.
 */
export function collectYoungGarbage(): void {
  globalThis.gc?.({ type: 'minor' });
}

/**
 * Measures contenders against each other in the same run: a warm-up round each, then `rounds`
 * timed rounds in which the contenders take turns in an order that changes every round, so a
 * drift of the machine (another process, a GC, a server's cache warming) is spread over all of
 * them instead of landing on one, and each contender follows each other one equally often
 * (`balancedOrder`). Results are in the order of `contenders`.
 */
export async function compare(
  plan: ComparisonPlan,
  contenders: readonly Contender[],
): Promise<Measurement[]> {
  for (const contender of contenders) {
    await runRound(await contender.prepare(), plan.inflight, plan.warmup);
  }
  const totals = contenders.map(() => ({
    ops: 0,
    elapsedMs: 0,
    cpuMicros: 0,
    rounds: [] as number[],
    latencies: new LatencyRecorder(),
  }));
  for (let round = 0; round < plan.rounds; round++) {
    for (const index of balancedOrder(contenders.length, round)) {
      const contender = contenders[index] as Contender;
      const total = totals[index] as (typeof totals)[number];
      const op = await contender.prepare();
      collectYoungGarbage();
      const result = await runRound(op, plan.inflight, plan.budget, total.latencies);
      total.ops += result.ops;
      total.elapsedMs += result.elapsedMs;
      total.cpuMicros += result.cpuMicros;
      total.rounds.push((result.ops * 1000) / result.elapsedMs);
    }
  }
  return contenders.map((contender, index) => {
    const total = totals[index] as (typeof totals)[number];
    const [p50, p99] = total.latencies.quantiles([0.5, 0.99]);
    return {
      name: contender.name,
      inflight: plan.inflight,
      ops: total.ops,
      opsPerSec: median(total.rounds),
      p50Ms: p50 as number,
      p99Ms: p99 as number,
      cpuMicrosPerOp: total.cpuMicros / total.ops,
      roundOpsPerSec: total.rounds,
    };
  });
}

/**
 * How much faster `candidate` is than `baseline`: the median, over the rounds, of the ratio of
 * their ops/s in that round. The two ran back to back in every round, so each ratio compares
 * them under the same conditions, and the median discards rounds that a burst of load on a
 * shared machine hit on one side only.
 */
export function pairedRatio(candidate: Measurement, baseline: Measurement): number {
  const ratios = candidate.roundOpsPerSec.map(
    (ops, round) => ops / (baseline.roundOpsPerSec[round] as number),
  );
  return median(ratios);
}

/** `pairedRatio` of two contenders of one comparison, by name. */
export function throughputRatio(
  measurements: readonly Measurement[],
  candidate: string,
  baseline: string,
): number {
  const find = (name: string) => {
    const found = measurements.find((m) => m.name === name);
    if (!found) throw new Error(`"${name}" was not measured`);
    return found;
  };
  return pairedRatio(find(candidate), find(baseline));
}

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
