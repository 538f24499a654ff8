/** Options of the invalidation retry queue. */
export interface InvalidationRetryOptions {
  /** Most ids kept (per cache server); on overflow the oldest is dropped (and counted). Default 10000. */
  readonly capacity?: number;
  /** First pause before a retry; doubles after each failed round. Default 50 ms. */
  readonly initialDelayMs?: number;
  /** Longest pause between retry rounds. Default 5000 ms. */
  readonly maxDelayMs?: number;
}

/** Retries one invalidation; true when the key is gone from the cache. */
export type RetryInvalidation = (id: string) => Promise<boolean>;

const ROUND_PARALLELISM = 32;

/**
 * The ids whose invalidation failed, oldest first, retried in rounds on an unref'd timer with
 * exponential backoff (and at once on `retryNow`, e.g. when the cache's circuit closes). Each
 * entry carries a sequence number so an invalidation that succeeds for an id removes the entry
 * only if the entry is older than the attempt.
 */
export class InvalidationRetryQueue {
  readonly #pending = new Map<string, number>();
  readonly #capacity: number;
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #retry: RetryInvalidation;
  readonly #onDrop: (id: string) => void;
  #sequence = 0;
  #delayMs: number;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(
    options: Required<InvalidationRetryOptions>,
    retry: RetryInvalidation,
    onDrop: (id: string) => void,
  ) {
    this.#capacity = options.capacity;
    this.#initialDelayMs = options.initialDelayMs;
    this.#maxDelayMs = options.maxDelayMs;
    this.#delayMs = options.initialDelayMs;
    this.#retry = retry;
    this.#onDrop = onDrop;
  }

  /** Number of ids waiting. */
  get size(): number {
    return this.#pending.size;
  }

  /** True while `id` waits for its invalidation. */
  has(id: string): boolean {
    return this.#pending.has(id);
  }

  /** A mark to take before sending an invalidation; pass it to `settle` once it succeeded. */
  mark(): number {
    return this.#sequence;
  }

  /** Queues `id` (as the newest entry), dropping the oldest entry when full. */
  add(id: string): void {
    this.#pending.delete(id);
    if (this.#pending.size >= this.#capacity) {
      const oldest = this.#pending.keys().next().value as string;
      this.#pending.delete(oldest);
      this.#onDrop(oldest);
    }
    this.#pending.set(id, ++this.#sequence);
    this.#schedule();
  }

  /** An invalidation of `id` sent after `mark` succeeded: the queued entry, if older, is done. */
  settle(id: string, mark: number): void {
    const queuedAt = this.#pending.get(id);
    if (queuedAt !== undefined && queuedAt <= mark) this.#pending.delete(id);
  }

  /** Starts a retry round now (or right after the one running). */
  retryNow(): Promise<void> {
    if (this.#round) {
      this.#again = true;
      return this.#round;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#round = this.#runRounds().finally(() => {
      this.#round = undefined;
      this.#schedule();
    });
    return this.#round;
  }

  /** Stops the timer; queued ids stay (reads of them keep bypassing the cache). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #runRounds(): Promise<void> {
    let succeeded: boolean;
    do {
      this.#again = false;
      succeeded = await this.#runRound();
    } while (this.#again && this.#pending.size > 0);
    this.#delayMs = succeeded
      ? this.#initialDelayMs
      : Math.min(this.#delayMs * 2, this.#maxDelayMs);
  }

  // One pass over the ids queued now, a few at a time; stops at the first failure (the cache
  // is still unreachable, the rest would fail too).
  async #runRound(): Promise<boolean> {
    const ids = [...this.#pending.keys()];
    for (let i = 0; i < ids.length; i += ROUND_PARALLELISM) {
      const mark = this.#sequence;
      const batch = ids.slice(i, i + ROUND_PARALLELISM);
      const results = await Promise.all(batch.map((id) => this.#retry(id)));
      batch.forEach((id, j) => {
        if (results[j]) this.settle(id, mark);
      });
      if (results.includes(false)) return false;
    }
    return true;
  }

  #schedule(): void {
    if (this.#closed || this.#timer || this.#round || this.#pending.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.retryNow();
    }, this.#delayMs);
    this.#timer.unref();
  }
}
