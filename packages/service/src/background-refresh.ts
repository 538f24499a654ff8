import type { CasToken } from '@cachetoggle/model';
import { fillWithToken } from './lease-fill';
import type { RateLimitedWarnings } from './rate-limited-warnings';
import type { ReadParts } from './read-through';

/**
 * Refreshes entries the cache chose this process to refresh (`getOrLease` answered `refresh`:
 * the entry is close to its expiry), in the background while readers keep being served the
 * entry: one DB read, then `putIfUntouched` with the token, so a write that invalidated the
 * entry meanwhile wins. At most one refresh per id runs in this process; a failure is counted
 * and logged, never thrown.
 */
export class BackgroundRefresh {
  readonly #parts: ReadParts;
  readonly #warnings: RateLimitedWarnings;
  readonly #running = new Set<string>();

  constructor(parts: ReadParts, warnings: RateLimitedWarnings) {
    this.#parts = parts;
    this.#warnings = warnings;
  }

  /** Starts refreshing `id` with `token`, unless a refresh of `id` is already running here. */
  start(id: string, token: CasToken): void {
    if (this.#running.has(id)) return;
    this.#running.add(id);
    this.#parts.counters.refreshes++;
    this.#refresh(id, token).then(
      () => this.#running.delete(id),
      (error: unknown) => {
        this.#running.delete(id);
        this.#parts.counters.refreshFailures++;
        this.#warnings.warn(
          'refresh',
          { id, err: error instanceof Error ? error.message : String(error) },
          'background refresh failed; the entry stays until its TTL',
        );
      },
    );
  }

  async #refresh(id: string, token: CasToken): Promise<void> {
    const { db, counters, onStep, servers } = this.#parts;
    counters.dbReads++;
    const person = await db.get(id);
    if (onStep) {
      await onStep('db-read', id);
      await onStep('before-fill', id);
    }
    await fillWithToken(this.#parts, servers.of(id).guard, id, token, person);
  }
}
