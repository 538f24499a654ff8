import type { Fault } from './fault-schedule';
import { lateCommitFault } from './late-commit-fault';
import { processKillFault } from './process-kill-fault';
import { DEFAULT_DELAY_PLAN, type DelayPlan } from './random-delays';
import { serverHangFault } from './server-hang-fault';
import { topologyChangeFault } from './topology-change-fault';

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
  /** The faults injected in turns, one per round (see `faultForRound`); none when empty. */
  readonly faults: readonly Fault[];
  /**
   * The client timeout (`dbQueryTimeoutMs`) of the processes in even slots; the others keep the
   * client's default. Shorter than a late-commit fault's hold, so that the hold outlasts one
   * kind of process's limits and not the other's.
   */
  readonly shortDbQueryTimeoutMs: number;
  /**
   * The staleness our service promises after an acknowledged write (the outbox's delivery
   * bound with room for a loaded machine): a read that began later than this after the
   * acknowledgement and still returned an older value counts as stale.
   */
  readonly staleBoundMs: number;
  /**
   * How often our processes read the fleet's topology row (they all follow it). Shorter than
   * the service's default, so that a topology change fits in a round: the bound during a change
   * (a poll interval plus one row read and the re-invalidations) stays well inside
   * `staleBoundMs`.
   */
  readonly topologyPollIntervalMs: number;
  /** Our processes' transition window after a topology switch (at least 4 poll intervals). */
  readonly topologyTransitionMs: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** The checker's defaults (the size of `pnpm soak`). */
export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = {
  ops: 10_000,
  processes: 2,
  servers: 1,
  opsPerRound: 500,
  ids: 8,
  concurrency: 12,
  seed: 1,
  delays: DEFAULT_DELAY_PLAN,
  evictionIntervalMs: 20,
  toggleProbability: 0.01,
  faults: [
    lateCommitFault({ holdMs: 2000, commitAfterMs: 300, afterMs: 50 }),
    serverHangFault({ holdMs: 1500, afterMs: 100 }),
    processKillFault({ afterMs: 150 }),
    topologyChangeFault({ holdMs: 1000, afterMs: 100 }),
  ],
  shortDbQueryTimeoutMs: 1500,
  staleBoundMs: 1000,
  topologyPollIntervalMs: 100,
  topologyTransitionMs: 400,
};
