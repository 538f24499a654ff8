import type { ProtocolHooks, ProtocolStep } from '@cachetoggle/service';
import type { Random } from './seeded-random';

/** How often and how long to stall at the steps of the protocol. */
export interface DelayPlan {
  /** Chance of a delay at any one step, 0..1. */
  readonly probability: number;
  /** Longest delay, in milliseconds (delays are uniform in [0, maxMs]). */
  readonly maxMs: number;
  /**
   * Chance and longest delay between a reader's DB read and its fill (`before-fill`): the
   * window of the classic stale-fill race, stretched so that writes land inside it.
   */
  readonly fillProbability: number;
  readonly fillMaxMs: number;
}

/** The plan the checker uses unless told otherwise. */
export const DEFAULT_DELAY_PLAN: DelayPlan = {
  probability: 0.3,
  maxMs: 5,
  fillProbability: 0.8,
  fillMaxMs: 30,
};

/**
 * Protocol hooks that sleep a random time at random steps, so readers and writers of one id
 * interleave in every order the protocol allows.
 */
export function randomDelayHooks(plan: DelayPlan, random: Random): ProtocolHooks {
  return {
    onStep(step: ProtocolStep): Promise<void> | undefined {
      const fill = step === 'before-fill';
      if (random() >= (fill ? plan.fillProbability : plan.probability)) return undefined;
      const max = fill ? plan.fillMaxMs : plan.maxMs;
      const ms = Math.floor(random() * (max + 1));
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
}
