import type { PersonCache } from '@cachetoggle/model';
import { type BreakerState, CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';
import { GuardedCache, REFUSED } from './guarded-cache';
import { type InvalidationRetryOptions, InvalidationRetryQueue } from './invalidation-retry-queue';
import type { RateLimitedWarnings } from './rate-limited-warnings';
import type { ServiceCounters } from './service-stats';
import type { SharedTimeout } from './with-timeout';

/** What every cache server's health shares with the service. */
export interface CacheServerParts {
  readonly cache: PersonCache;
  readonly timeout: SharedTimeout;
  readonly counters: ServiceCounters;
  readonly warnings: RateLimitedWarnings;
  readonly breaker: Required<CircuitBreakerOptions>;
  readonly retry: Required<InvalidationRetryOptions>;
  /** Told when a server's breaker changes state (before a closed server's retries start). */
  readonly onBreakerChange: (server: CacheServer, state: BreakerState) => void;
}

/**
 * The health of one cache server, kept apart from every other server's: its circuit breaker,
 * the guard its calls go through, and the invalidations it still owes. A dead or hung server
 * opens only its own breaker and queues only its own keys; when its breaker closes, its queue
 * is retried at once.
 */
export class CacheServer {
  /** The name the cache gives the server (`serverOf`), or the one name of a single cache. */
  readonly name: string;
  readonly breaker: CircuitBreaker;
  readonly guard: GuardedCache;
  /** The ids whose invalidation on this server failed, waiting for a retry. */
  readonly invalidations: InvalidationRetryQueue;
  readonly #parts: CacheServerParts;

  constructor(name: string, parts: CacheServerParts) {
    this.name = name;
    this.#parts = parts;
    this.breaker = new CircuitBreaker(parts.breaker, (state) => {
      parts.onBreakerChange(this, state);
      if (state === 'closed') void this.invalidations.retryNow();
    });
    this.guard = new GuardedCache(
      name,
      this.breaker,
      parts.timeout,
      parts.counters,
      parts.warnings,
    );
    this.invalidations = new InvalidationRetryQueue(
      parts.retry,
      (id) => this.#retryInvalidation(id),
      (id) => {
        parts.counters.invalidationsDropped++;
        parts.warnings.warn(
          `retry-queue-full@${name}`,
          { id, server: name },
          'invalidation retry queue full; dropped',
        );
      },
    );
  }

  /** True while an invalidation of `id` waits for a retry (this server may hold a stale value). */
  isPending(id: string): boolean {
    return this.invalidations.size !== 0 && this.invalidations.has(id);
  }

  async #retryInvalidation(id: string): Promise<boolean> {
    const { cache, counters } = this.#parts;
    const outcome = await this.guard.call('delete', () => cache.delete(id));
    if (outcome !== REFUSED) counters.invalidationRetries++;
    return typeof outcome !== 'symbol';
  }
}
