import type { MetaResponse } from './meta-response';

/** Whoever waits for the answer to one request (or one batch of them) on a connection. */
export interface MetaReply {
  /**
   * Takes the next response of the connection; returns true once this reply is complete (most
   * replies take one response; a batch takes responses up to its `MN`). Must not keep
   * `response`, and must not throw.
   */
  accept(response: MetaResponse): boolean;
  /** The connection failed before this reply was complete; settle with `error`. */
  fail(error: Error): void;
}

/**
 * The replies a connection waits for, oldest first, each with the watchdog tick at which its
 * request was written. Memcached answers in request order, so the oldest reply is the only one
 * a response can belong to. Two parallel arrays and a head index: no allocation per request
 * once the arrays have grown, and no `shift()` copying.
 */
export class PendingReplies {
  #replies: (MetaReply | undefined)[] = [];
  #ticks: number[] = [];
  #head = 0;

  /** Number of replies waiting. */
  get size(): number {
    return this.#replies.length - this.#head;
  }

  /** Appends `reply`, written during watchdog tick `tick`. */
  push(reply: MetaReply, tick: number): void {
    this.#replies.push(reply);
    this.#ticks.push(tick);
  }

  /** The oldest reply, or `undefined` when none waits. */
  oldest(): MetaReply | undefined {
    return this.#replies[this.#head];
  }

  /** The tick at which the oldest reply's request was written, or -1 when none waits. */
  oldestTick(): number {
    return this.#head < this.#replies.length ? (this.#ticks[this.#head] as number) : -1;
  }

  /** Drops the oldest reply (it is complete). */
  dropOldest(): void {
    this.#replies[this.#head] = undefined;
    this.#head++;
    if (this.#head === this.#replies.length) {
      this.#replies.length = 0;
      this.#ticks.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#replies.length) {
      this.#replies = this.#replies.slice(this.#head);
      this.#ticks = this.#ticks.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Removes every reply and fails each with `error`, oldest first. */
  failAll(error: Error): void {
    const replies = this.#replies;
    const head = this.#head;
    this.#replies = [];
    this.#ticks = [];
    this.#head = 0;
    for (let i = head; i < replies.length; i++) replies[i]?.fail(error);
  }
}
