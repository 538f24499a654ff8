import type { BreakerState, ProtocolHooks } from '@cachetoggle/service';

/** One change of a circuit breaker. */
export interface BreakerChange {
  readonly state: BreakerState;
  /** The memcached server whose breaker changed, when the service names it. */
  readonly server: string | undefined;
  /** `performance.now()` when it changed. */
  readonly at: number;
}

/** What `BreakerWatch.next` waits for. */
export interface BreakerChangeQuery {
  /** Only this server's breaker; default: any. */
  readonly server?: string;
  /** Counts changes already recorded from this index of `history` (default: only new ones). */
  readonly since?: number;
  readonly timeoutMs: number;
}

/**
 * Records the circuit breakers' changes through the service's `onBreakerStateChange` hook
 * (with the server's name, where the service keeps one breaker per server), so a test can
 * wait for "open" or "closed" as events instead of polling the stats.
 */
export class BreakerWatch {
  /** Every change, in order. */
  readonly history: BreakerChange[] = [];
  readonly #waiters: {
    matches: (change: BreakerChange) => boolean;
    resolve: (change: BreakerChange) => void;
  }[] = [];

  /** The hooks to give the service. */
  readonly hooks: ProtocolHooks = {
    onBreakerStateChange: (state: BreakerState, server?: string) => {
      const change = { state, server, at: performance.now() };
      this.history.push(change);
      for (const waiter of this.#waiters.filter((w) => w.matches(change))) waiter.resolve(change);
    },
  };

  /**
   * Resolves with the first change to `state` (of `query.server`'s breaker, recorded from
   * `query.since` on); rejects after `query.timeoutMs`. A number is taken as the timeout.
   */
  next(state: BreakerState, query: BreakerChangeQuery | number): Promise<BreakerChange> {
    const {
      server,
      since = this.history.length,
      timeoutMs,
    } = typeof query === 'number' ? { timeoutMs: query } : query;
    const matches = (change: BreakerChange) =>
      change.state === state && (server === undefined || change.server === server);
    const recorded = this.history.slice(since).find(matches);
    if (recorded) return Promise.resolve(recorded);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        const whose = server === undefined ? 'the breaker' : `the breaker of ${server}`;
        reject(new Error(`${whose} did not become ${state} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        matches,
        resolve: (change: BreakerChange) => {
          clearTimeout(timer);
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          resolve(change);
        },
      };
      this.#waiters.push(waiter);
    });
  }
}
