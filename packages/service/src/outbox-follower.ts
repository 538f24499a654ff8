import type { PersonInvalidation } from '@cachetoggle/model';
import type { RateLimitedWarnings } from './rate-limited-warnings';

/** Options of the outbox follower every service runs over a `PersonDb` with an outbox. */
export interface OutboxFollowerOptions {
  /** Pause between two reads of the outbox; default 250 ms. */
  readonly pollIntervalMs?: number;
  /**
   * How long a number missing from the sequence is read again, waiting for the transaction that
   * took it to commit; default 10000 ms. Must cover the longest a write transaction can stay
   * open between its outbox row and its commit.
   */
  readonly gapWindowMs?: number;
  /** Outbox rows older than this are trimmed (by any process); default 60000 ms. */
  readonly retentionMs?: number;
}

/** The part of a `PersonDb` the follower reads and trims. */
export interface Outbox {
  readInvalidations(afterSeq: number, limit: number): Promise<readonly PersonInvalidation[]>;
  trimInvalidations(olderThanMs: number): Promise<void>;
}

/**
 * Delivers the invalidations of a page of outbox rows (or queues them for a retry); never
 * throws. Unless `final`, it may hand back ids it could not judge yet, to be delivered again
 * (with `final`) at the next round.
 */
export type DeliverInvalidations = (
  ids: readonly string[],
  final: boolean,
) => Promise<readonly string[]>;

const PAGE_SIZE = 1000;
// Pages read at the start to find the end of the outbox, delivering nothing.
const SKIP_PAGE_SIZE = 10_000;
// A jump in the sequence wider than this is not tracked number by number (a server configured
// to step its auto-increment, say); the rows in it that commit late are then not waited for.
const MAX_GAPS = 10_000;
const TRIMS_PER_RETENTION = 10;

/**
 * Follows the outbox by sequence number and delivers every row to this process's cache. A
 * write's own process invalidates right after its commit; the follower is what delivers the
 * writes that process never got to (it crashed, its cache call failed and its retry queue was
 * lost, or the statement committed after the client gave up), and what invalidates a cache
 * that lives inside another process. Numbers are taken at insert but commit in any order, so a
 * number skipped over is remembered and read again for `gapWindowMs`. The first read only finds
 * the end of the outbox: what was written before the process started is not in its own cache
 * (an in-process cache starts empty) and was delivered to a shared cache by its writer or by
 * the processes already following; delivering it again would empty a warm shared cache of
 * every key written in the last `retentionMs` each time a process starts.
 */
export class OutboxFollower {
  readonly #outbox: Outbox;
  readonly #deliver: DeliverInvalidations;
  readonly #options: Required<OutboxFollowerOptions>;
  readonly #warnings: RateLimitedWarnings;
  // Told once the end of the outbox is known: every row committed from then on is delivered.
  readonly #onStarted: () => void;
  // The highest number delivered (or, before any, the end of the outbox at the start).
  #cursor = 0;
  #started = false;
  // Numbers below the cursor not seen yet, with when they were first missed.
  readonly #gaps = new Map<number, number>();
  // Ids handed back by the last delivery, delivered for good at the next round.
  #recheck: readonly string[] = [];
  #lastTrimMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #closed = false;

  constructor(
    outbox: Outbox,
    deliver: DeliverInvalidations,
    options: Required<OutboxFollowerOptions>,
    warnings: RateLimitedWarnings,
    onStarted: () => void = () => {},
  ) {
    this.#outbox = outbox;
    this.#deliver = deliver;
    this.#options = options;
    this.#warnings = warnings;
    this.#onStarted = onStarted;
  }

  /** Starts following on an unref'd timer. */
  start(): void {
    this.#schedule(0);
  }

  /** Reads and delivers what is new now (or waits for the read already running). */
  followNow(): Promise<void> {
    this.#round ??= this.#follow().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  /** Stops the timer and waits for a read in progress, so nothing is delivered after. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#round;
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.followNow().finally(() => this.#schedule(this.#options.pollIntervalMs));
    }, delayMs);
    this.#timer.unref();
  }

  async #follow(): Promise<void> {
    const recheck = this.#recheck;
    this.#recheck = [];
    if (recheck.length > 0) await this.#deliver(recheck, true);
    try {
      await this.#readAll();
    } catch (error) {
      this.#warnings.warn(
        'outbox-read',
        { err: error instanceof Error ? error.message : String(error) },
        'cannot read the invalidation outbox; retrying',
      );
    }
    this.#expireGaps();
    await this.#trimNowAndThen();
  }

  async #readAll(): Promise<void> {
    if (!this.#started) {
      this.#cursor = await this.#end();
      this.#started = true;
      this.#onStarted();
    }
    let from = this.#readFrom();
    for (;;) {
      const rows = await this.#outbox.readInvalidations(from, PAGE_SIZE);
      const due = new Set<string>();
      for (const row of rows) if (this.#take(row.seq)) due.add(row.id);
      if (due.size > 0)
        this.#recheck = [...this.#recheck, ...(await this.#deliver([...due], false))];
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE || this.#closed) return;
      from = last.seq;
    }
  }

  // The highest number in the outbox now (0 when it is empty).
  async #end(): Promise<number> {
    let end = 0;
    for (;;) {
      const rows = await this.#outbox.readInvalidations(end, SKIP_PAGE_SIZE);
      end = rows.at(-1)?.seq ?? end;
      if (rows.length < SKIP_PAGE_SIZE) return end;
    }
  }

  // The read starts below the oldest gap, so a late commit in it is seen.
  #readFrom(): number {
    let from = this.#cursor;
    for (const seq of this.#gaps.keys()) from = Math.min(from, seq - 1);
    return from;
  }

  // True when the row numbered `seq` is new to this process: past the cursor, or a gap filled.
  #take(seq: number): boolean {
    const cursor = this.#cursor;
    if (seq <= cursor) return this.#gaps.delete(seq);
    if (seq - cursor - 1 <= MAX_GAPS) {
      const now = Date.now();
      for (let missing = cursor + 1; missing < seq; missing++) this.#gaps.set(missing, now);
    }
    this.#cursor = seq;
    return true;
  }

  #expireGaps(): void {
    const oldest = Date.now() - this.#options.gapWindowMs;
    for (const [seq, since] of this.#gaps) if (since < oldest) this.#gaps.delete(seq);
  }

  async #trimNowAndThen(): Promise<void> {
    const now = Date.now();
    const { retentionMs } = this.#options;
    if (now - this.#lastTrimMs < retentionMs / TRIMS_PER_RETENTION) return;
    this.#lastTrimMs = now;
    try {
      await this.#outbox.trimInvalidations(retentionMs);
    } catch (error) {
      this.#warnings.warn(
        'outbox-trim',
        { err: error instanceof Error ? error.message : String(error) },
        'cannot trim the invalidation outbox; retrying later',
      );
    }
  }
}
