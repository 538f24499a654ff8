import { DEFAULT_DELAY_PLAN, type DelayPlan } from './random-delays';

/** The size and shape of a checker run. */
export interface CheckerOptions {
  /** Operations per implementation, split over the processes. */
  readonly ops: number;
  /** Service processes per implementation (each one service instance). */
  readonly processes: number;
  /**
   * Private memcached servers the services share (every process names all of them, so the
   * keys spread over the servers and each process must place every key where the others do).
   */
  readonly servers: number;
  /**
   * The load runs in rounds of this many operations, each on `ids` fresh ids that are left
   * alone afterwards: every round ends with its own "load stopped" moment, so a run samples
   * the state left behind by a stopped load many times over.
   */
  readonly opsPerRound: number;
  /** How many ids a round spreads over (few, so that operations collide). */
  readonly ids: number;
  /** Operations in flight per process. */
  readonly concurrency: number;
  readonly seed: number;
  readonly delays: DelayPlan;
  /** A random key of the round is deleted behind the services' backs this often. */
  readonly evictionIntervalMs: number;
  /** Chance per operation that a worker flips its service between cache and DB mode. */
  readonly toggleProbability: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** The checker's defaults (the size of `pnpm soak`). */
export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = {
  ops: 10_000,
  processes: 2,
  servers: 1,
  opsPerRound: 250,
  ids: 8,
  concurrency: 12,
  seed: 1,
  delays: DEFAULT_DELAY_PLAN,
  evictionIntervalMs: 20,
  toggleProbability: 0.01,
};
