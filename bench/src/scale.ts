import type { RoundBudget } from './harness';

/** How much work each part of the suite does. */
export interface BenchScale {
  readonly name: 'full' | 'smoke';
  /** Timed rounds per contender in every comparison. */
  readonly rounds: number;
  /**
   * Timed rounds of the cases with a fixed operation count (they use up fresh ids). At full
   * scale a whole period of the balanced order for the miss case's 6 contenders (and the cold
   * getMany case's 2), so each of them runs right before each other one exactly once.
   */
  readonly countedRounds: number;
  /** Round length of the cases that leave the cache as they found it. */
  readonly round: RoundBudget;
  readonly warmup: RoundBudget;
  /** People in the database; cold rounds draw fresh ids from them. */
  readonly seededPeople: number;
  /** Warm ids the hit cases cycle through. */
  readonly hotPeople: number;
  /**
   * Operations per round of the miss cases, by requests in flight. Rounds of a few hundred
   * misses measured mostly what every round pays once (the GC before it, the ramp up and
   * down): at 64 in flight, 1,280 misses per round doubled everyone's CPU per miss and moved
   * the service's ratio by a factor of two between identical runs.
   */
  readonly missOps: Readonly<Record<1 | 64, number>>;
  /** Operations per round of the cold and half-warm getMany(100) cases, by requests in flight. */
  readonly coldBatchOps: Readonly<Record<1 | 64, number>>;
  /** Concurrent gets of one cold id in the stampede cases. */
  readonly stampedeGets: number;
  /** Cold ids stormed, one after the other, by the 4 processes. */
  readonly stampedeTrials: number;
  /** Requests of the memory run. */
  readonly memoryRequests: number;
  /**
   * TTL of the hot-key case, which reads for 3 of them. Short, to keep the run short, but not
   * so short that a refresh a second ahead of expiry is a large part of it.
   */
  readonly hotKeyTtlMs: number;
}

const FULL: BenchScale = {
  name: 'full',
  rounds: 10,
  countedRounds: 6,
  round: { durationMs: 300 },
  warmup: { durationMs: 300 },
  seededPeople: 20_000,
  hotPeople: 1000,
  missOps: { 1: 1000, 64: 8000 },
  coldBatchOps: { 1: 5, 64: 64 },
  stampedeGets: 1000,
  stampedeTrials: 5,
  memoryRequests: 1_000_000,
  hotKeyTtlMs: 5000,
};

const SMOKE: BenchScale = {
  name: 'smoke',
  rounds: 1,
  countedRounds: 1,
  round: { durationMs: 50 },
  warmup: { durationMs: 10 },
  seededPeople: 2000,
  hotPeople: 100,
  missOps: { 1: 20, 64: 128 },
  coldBatchOps: { 1: 2, 64: 10 },
  stampedeGets: 200,
  stampedeTrials: 1,
  memoryRequests: 5000,
  hotKeyTtlMs: 1000,
};

/** The scale asked for by `--quick` or `BENCH_SCALE=smoke`; full otherwise. */
export function chooseScale(argv: readonly string[], env: NodeJS.ProcessEnv): BenchScale {
  if (argv.includes('--quick') || env.BENCH_SCALE === 'smoke') return SMOKE;
  if (env.BENCH_SCALE !== undefined && env.BENCH_SCALE !== 'full') {
    throw new Error(`BENCH_SCALE must be "full" or "smoke", got "${env.BENCH_SCALE}"`);
  }
  return FULL;
}
