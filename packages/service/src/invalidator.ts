import { isCacheToggleError, type PersonCache } from '@cachetoggle/model';
import type { CacheServers } from './cache-servers';
import type { StepHook } from './read-through';
import type { RecentInvalidations } from './recent-invalidations';
import type { ServiceCounters } from './service-stats';

/** What the invalidator needs from the service. */
export interface InvalidatorParts {
  readonly cache: PersonCache;
  readonly servers: CacheServers;
  /** Where each invalidation is remembered, to send it again after a topology switch. */
  readonly recent: RecentInvalidations;
  readonly counters: ServiceCounters;
  readonly onStep: StepHook;
}

/**
 * The write side of the protocol: commit to the DB, then remove the key from the cache. The
 * delete also removes any lease, so a reader that read the DB before the commit cannot fill its
 * stale value. When the delete fails or the circuit of the key's server is open, the id goes to
 * that server's retry queue; until it is retried, reads of it bypass the cache. Keys of healthy
 * servers are invalidated at once whatever a sick server holds back.
 */
export class Invalidator {
  readonly #parts: InvalidatorParts;

  constructor(parts: InvalidatorParts) {
    this.#parts = parts;
  }

  /**
   * Runs the DB write `commit` for `id`, then invalidates; resolves only after the invalidation
   * was done or queued. A failed write is invalidated as well, unless its arguments were refused
   * before reaching the DB: an `UnavailableError` may still commit, and a `NotFoundError` or
   * `ConflictError` may be the answer to a retry of a write that did commit after its client
   * gave up, while a reader refilled the old value. Invalidating is always safe.
   */
  async write<T>(id: string, commit: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await commit();
    } catch (error) {
      if (!isCacheToggleError(error) || error.code !== 'VALIDATION') await this.invalidate(id);
      throw error;
    }
    if (this.#parts.onStep) await this.#parts.onStep('db-written', id);
    await this.invalidate(id);
    return result;
  }

  /** Removes `id` from the cache now, or queues it for a retry; cache failures never throw. */
  async invalidate(id: string): Promise<void> {
    const { onStep } = this.#parts;
    if (onStep) await onStep('before-invalidate', id);
    await this.deliver(id);
  }

  /**
   * `invalidate` without the protocol hook: how the outbox's rows are delivered, so a test that
   * holds a writer's invalidation never holds the follower instead.
   */
  async deliver(id: string): Promise<void> {
    const { cache, servers, counters, recent } = this.#parts;
    recent.record(id);
    const { guard, invalidations } = servers.of(id);
    const mark = invalidations.mark();
    const outcome = await guard.call('delete', () => cache.delete(id));
    if (typeof outcome === 'symbol') {
      counters.invalidationFailures++;
      invalidations.add(id);
    } else {
      invalidations.settle(id, mark);
    }
  }
}
