import { isCacheToggleError, type PersonCache } from '@cachetoggle/model';
import { type GuardedCache, REFUSED } from './guarded-cache';
import { type InvalidationRetryOptions, InvalidationRetryQueue } from './invalidation-retry-queue';
import type { RateLimitedWarnings } from './rate-limited-warnings';
import type { StepHook } from './read-through';
import type { ServiceCounters } from './service-stats';

/** What the invalidator needs from the service. */
export interface InvalidatorParts {
  readonly cache: PersonCache;
  readonly guard: GuardedCache;
  readonly counters: ServiceCounters;
  readonly warnings: RateLimitedWarnings;
  readonly onStep: StepHook;
  readonly retry: Required<InvalidationRetryOptions>;
}

/**
 * The write side of the protocol: commit to the DB, then remove the key from the cache. The
 * delete also removes any lease, so a reader that read the DB before the commit cannot fill its
 * stale value. When the delete fails or the circuit is open, the id goes to the retry queue;
 * until it is retried, reads of it bypass the cache.
 */
export class Invalidator {
  readonly #parts: InvalidatorParts;
  readonly #queue: InvalidationRetryQueue;

  constructor(parts: InvalidatorParts) {
    this.#parts = parts;
    this.#queue = new InvalidationRetryQueue(
      parts.retry,
      (id) => this.#retry(id),
      (id) => {
        parts.counters.invalidationsDropped++;
        parts.warnings.warn('retry-queue-full', { id }, 'invalidation retry queue full; dropped');
      },
    );
  }

  /** Invalidations waiting for a retry. */
  get pendingCount(): number {
    return this.#queue.size;
  }

  /** True while an invalidation of `id` waits for a retry (the cache may hold a stale value). */
  isPending(id: string): boolean {
    return this.#queue.size !== 0 && this.#queue.has(id);
  }

  /**
   * Runs the DB write `commit` for `id`, then invalidates; resolves only after the invalidation
   * was done or queued. A write that failed as `UnavailableError` (or with a foreign error) may
   * still have committed, so it is invalidated as well; invalidating is always safe.
   */
  async write<T>(id: string, commit: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await commit();
    } catch (error) {
      if (!isCacheToggleError(error) || error.code === 'UNAVAILABLE') await this.invalidate(id);
      throw error;
    }
    if (this.#parts.onStep) await this.#parts.onStep('db-written', id);
    await this.invalidate(id);
    return result;
  }

  /** Removes `id` from the cache now, or queues it for a retry; cache failures never throw. */
  async invalidate(id: string): Promise<void> {
    const { cache, guard, counters, onStep } = this.#parts;
    if (onStep) await onStep('before-invalidate', id);
    const mark = this.#queue.mark();
    const outcome = await guard.call('delete', () => cache.delete(id));
    if (typeof outcome === 'symbol') {
      counters.invalidationFailures++;
      this.#queue.add(id);
    } else {
      this.#queue.settle(id, mark);
    }
  }

  /** Retries the queued invalidations now (the cache is reachable again). */
  retryNow(): Promise<void> {
    return this.#queue.retryNow();
  }

  /** Stops the retry timer. */
  close(): void {
    this.#queue.close();
  }

  async #retry(id: string): Promise<boolean> {
    const { cache, guard, counters } = this.#parts;
    const outcome = await guard.call('delete', () => cache.delete(id));
    if (outcome !== REFUSED) counters.invalidationRetries++;
    return typeof outcome !== 'symbol';
  }
}
