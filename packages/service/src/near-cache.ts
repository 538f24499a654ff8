import type { Person } from '@cachetoggle/model';

/** Options of the in-process near cache a service may keep in front of its cache. */
export interface NearCacheOptions {
  /** Most entries kept; the oldest inserted is evicted first. Default 10000. */
  readonly maxEntries?: number;
  /**
   * Longest an entry is served, whatever the outbox says: the bound on staleness when the
   * outbox cannot be read. Default 1000 ms.
   */
  readonly ttlMs?: number;
}

/** What the near cache holds for an id: the person, or `undefined` for "does not exist". */
export interface NearEntry {
  readonly person: Person | undefined;
}

interface Slot extends NearEntry {
  readonly expiresAt: number;
}

/**
 * A small in-process map of people (and of "does not exist") read through this process, each
 * kept at most `ttlMs`. Every write this process makes and every outbox row it reads drops the
 * id. A read that began before a drop of its id must not store what it read (it may be the value
 * the write replaced), so each read takes a `ticket` when it starts and `set` refuses a ticket
 * older than the last drop of that id. The drops remembered for this are bounded: past
 * `maxEntries` of them they are forgotten, and every ticket taken before is refused instead.
 * It keeps nothing until `open`: before the outbox follower has found where the outbox ends, a
 * row written meanwhile is skipped, and would not drop its id.
 */
export class NearCache {
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  // Insertion order is eviction order: a Map iterates in it.
  readonly #entries = new Map<string, Slot>();
  // Each drop takes the next number; a ticket is the number of the last drop when it was taken.
  #drops = 0;
  readonly #droppedAt = new Map<string, number>();
  // Tickets below this are refused for every id (the drops before were forgotten, or it was
  // not open yet).
  #floor = Number.POSITIVE_INFINITY;

  constructor(options: Required<NearCacheOptions>, now: () => number = Date.now) {
    this.#maxEntries = options.maxEntries;
    this.#ttlMs = options.ttlMs;
    this.#now = now;
  }

  /** The entry for `id` while it is younger than `ttlMs`, else `undefined`. */
  get(id: string): NearEntry | undefined {
    const slot = this.#entries.get(id);
    if (slot === undefined) return undefined;
    if (slot.expiresAt > this.#now()) return slot;
    this.#entries.delete(id);
    return undefined;
  }

  /** Taken when a read starts; handed to `set` with what that read found. */
  ticket(): number {
    return this.#drops;
  }

  /** Keeps what a read found, unless `id` was dropped after the read took `ticket`. */
  set(id: string, person: Person | undefined, ticket: number): void {
    if (ticket < this.#floor || ticket < (this.#droppedAt.get(id) ?? 0)) return;
    this.#entries.delete(id);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(id, { person, expiresAt: this.#now() + this.#ttlMs });
  }

  /** Forgets `id` and refuses what reads that began before now found for it. */
  drop(id: string): void {
    this.#entries.delete(id);
    this.#drops++;
    if (this.#droppedAt.size >= this.#maxEntries) {
      this.#droppedAt.clear();
      // Not below what it was: a cache not open yet stays closed.
      this.#floor = Math.max(this.#floor, this.#drops);
    }
    this.#droppedAt.set(id, this.#drops);
  }

  /**
   * Drops `ids`, runs `work` (a write, or an outbox row's delivery), and drops them again, even
   * when it fails: the first drop refuses what reads that began before it find, the second
   * what reads that began during `work` find, before they could see its effect.
   */
  async dropAround<T>(ids: readonly string[], work: () => Promise<T>): Promise<T> {
    for (const id of ids) this.drop(id);
    try {
      return await work();
    } finally {
      for (const id of ids) this.drop(id);
    }
  }

  /** Starts keeping what reads that begin from now on find. */
  open(): void {
    this.#drops++;
    this.#floor = this.#drops;
  }
}
