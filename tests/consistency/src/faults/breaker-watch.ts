import type { BreakerState, ProtocolHooks } from '@cachetoggle/service';

/**
 * Records the circuit breaker's changes through the service's `onBreakerStateChange` hook, so
 * a test can wait for "open" or "closed" as events instead of polling the stats.
 */
export class BreakerWatch {
  /** Every change, with its `performance.now()` time. */
  readonly history: { state: BreakerState; at: number }[] = [];
  readonly #waiters: { state: BreakerState; resolve: () => void }[] = [];

  /** The hooks to give the service. */
  readonly hooks: ProtocolHooks = {
    onBreakerStateChange: (state) => {
      this.history.push({ state, at: performance.now() });
      for (const waiter of this.#waiters.filter((w) => w.state === state)) waiter.resolve();
    },
  };

  /** Resolves at the next change to `state`; rejects after `timeoutMs`. */
  next(state: BreakerState, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the breaker did not become ${state} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        state,
        resolve: () => {
          clearTimeout(timer);
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          resolve();
        },
      };
      this.#waiters.push(waiter);
    });
  }
}
