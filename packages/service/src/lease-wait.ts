/** How often a reader that waits on someone else's lease looks again, and for how long. */
export interface LeaseWaitTiming {
  readonly pollIntervalMs: number;
  readonly maxWaitMs: number;
}

/** Longest pause between two looks, as a multiple of the first one. */
const MAX_BACKOFF = 8;

/**
 * The wait of one reader on someone else's lease: pauses that start at `pollIntervalMs` and
 * double after each look (up to 8 times the first), so a slow lease holder costs the cache a
 * few looks rather than one every interval, until `maxWaitMs` have passed since the wait began.
 */
export class LeaseWait {
  readonly #deadline: number;
  readonly #maxPauseMs: number;
  #pauseMs: number;

  constructor(timing: LeaseWaitTiming) {
    this.#deadline = Date.now() + timing.maxWaitMs;
    this.#pauseMs = timing.pollIntervalMs;
    this.#maxPauseMs = timing.pollIntervalMs * MAX_BACKOFF;
  }

  /** Pauses before the next look; resolves `false`, at once, when the wait is over. */
  async pause(): Promise<boolean> {
    const left = this.#deadline - Date.now();
    if (left <= 0) return false;
    const pauseMs = Math.min(this.#pauseMs, left);
    this.#pauseMs = Math.min(this.#pauseMs * 2, this.#maxPauseMs);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return true;
  }
}
