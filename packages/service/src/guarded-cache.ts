import { isCacheToggleError } from '@cachetoggle/model';
import type { CircuitBreaker } from './circuit-breaker';
import type { RateLimitedWarnings } from './rate-limited-warnings';
import type { ServiceCounters } from './service-stats';
import type { SharedTimeout } from './with-timeout';

/** The outcome of a guarded call that the circuit breaker did not let out. */
export const REFUSED: unique symbol = Symbol('cache call refused: circuit open');
/** The outcome of a guarded call that failed or timed out (already counted and logged). */
export const FAILED: unique symbol = Symbol('cache call failed');

/**
 * The outcome of a guarded call that the cache refused as invalid (`ValidationError`: a value
 * over its size limit, say). The cache is healthy: not counted as an error, not a breaker failure.
 */
export const REJECTED: unique symbol = Symbol('cache call rejected: invalid for this cache');

/** What a guarded cache call gives: the value, or why there is none. */
export type Guarded<T> = T | typeof REFUSED | typeof FAILED | typeof REJECTED;

/**
 * The one way the service talks to one cache server: every call goes through that server's
 * circuit breaker and the shared timeout, and a failure becomes a value (`FAILED`), counted,
 * logged at a limited rate (per server) and reported to the breaker. Nothing a cache does can
 * throw out of here.
 */
export class GuardedCache {
  constructor(
    private readonly server: string,
    private readonly breaker: CircuitBreaker,
    private readonly timeout: SharedTimeout,
    private readonly counters: ServiceCounters,
    private readonly warnings: RateLimitedWarnings,
  ) {}

  /** Makes the call `start` (named `op` in logs) unless the circuit refuses it. */
  async call<T>(op: string, start: () => Promise<T>): Promise<Guarded<T>> {
    if (!this.breaker.allowRequest()) return REFUSED;
    try {
      const value = await this.timeout.run(start(), op);
      this.breaker.recordSuccess();
      return value;
    } catch (error) {
      if (isCacheToggleError(error) && error.code === 'VALIDATION') return REJECTED;
      this.failed(op, error);
      return FAILED;
    }
  }

  /** Records a failed call made outside `call` (the inlined read of `get`). */
  failed(op: string, error: unknown): void {
    this.counters.cacheErrors++;
    this.breaker.recordFailure();
    this.warnings.warn(
      `${op}@${this.server}`,
      { op, server: this.server, err: error instanceof Error ? error.message : String(error) },
      'cache call failed; serving from the database',
    );
  }
}
