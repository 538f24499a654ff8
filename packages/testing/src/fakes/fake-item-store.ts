import type { CasToken } from '@cachetoggle/model';

/** One item of the store: the raw value, its CAS token, and when the store forgets it. */
export interface StoredItem {
  readonly raw: string;
  readonly token: CasToken;
  readonly forgetAtMs: number;
  /** Whether a reader was already handed the right to refresh this very item. */
  refreshTaken: boolean;
}

/**
 * The storage under `FakePersonCache`, as a memcached server keeps it: raw values, a fresh CAS
 * token for every store, and each item forgotten at its TTL rounded up to the store's
 * granularity (memcached counts whole seconds).
 */
export class FakeItemStore {
  readonly #items = new Map<string, StoredItem>();
  readonly #now: () => number;
  readonly #granularityMs: number;
  #nextToken = 1n;

  constructor(now: () => number, granularityMs: number) {
    this.#now = now;
    this.#granularityMs = granularityMs;
  }

  /** The item under `id`, unless the store has forgotten it by now. */
  live(id: string): StoredItem | undefined {
    const item = this.#items.get(id);
    if (item && item.forgetAtMs <= this.#now()) {
      this.#items.delete(id);
      return undefined;
    }
    return item;
  }

  /** Stores `raw` under `id` for `ttlMs`; returns the new item's token. */
  put(id: string, raw: string, ttlMs: number): CasToken {
    const token = this.#nextToken++;
    const lifetime = Math.ceil(ttlMs / this.#granularityMs) * this.#granularityMs;
    this.#items.set(id, { raw, token, forgetAtMs: this.#now() + lifetime, refreshTaken: false });
    return token;
  }

  /** The token the next `put` will hand out. */
  get nextToken(): CasToken {
    return this.#nextToken;
  }

  /** Removes the item under `id` (a no-op when absent). */
  delete(id: string): void {
    this.#items.delete(id);
  }

  /** Number of items not yet forgotten. */
  get size(): number {
    for (const id of this.#items.keys()) this.live(id);
    return this.#items.size;
  }
}
