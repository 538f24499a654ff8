/** Most ids remembered; past it the oldest are forgotten first. */
export const MAX_RECENT_INVALIDATIONS = 100_000;

/**
 * The ids this process invalidated during the last `horizonMs`, so that a cache topology
 * change can invalidate them again at their new owners: a delete sent before this process
 * switched went to the old owner only, while processes that switched earlier already read and
 * fill at the new one. Past `MAX_RECENT_INVALIDATIONS` ids within the horizon the oldest are
 * forgotten (their entries then live at most the TTL if such a race hit them).
 */
export class RecentInvalidations {
  readonly #horizonMs: number;
  // Insertion order is time order: an id invalidated again moves to the end.
  readonly #at = new Map<string, number>();

  constructor(horizonMs: number) {
    this.#horizonMs = horizonMs;
  }

  /** Remembers that `id` was invalidated now. */
  record(id: string): void {
    const now = Date.now();
    this.#at.delete(id);
    this.#at.set(id, now);
    this.#forget(now);
  }

  /** The ids invalidated within the horizon, oldest first. */
  ids(): string[] {
    this.#forget(Date.now());
    return [...this.#at.keys()];
  }

  #forget(now: number): void {
    for (const [id, at] of this.#at) {
      if (at >= now - this.#horizonMs && this.#at.size <= MAX_RECENT_INVALIDATIONS) return;
      this.#at.delete(id);
    }
  }
}
