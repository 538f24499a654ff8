/**
 * How a process follows one of the fleet's shared rows (the mode, the cache topology): one read
 * at a time (a refresh during a read joins it), repeated `pollIntervalMs` after the previous
 * one ends, on an `unref`ed timer so following never keeps a process alive, until closed.
 */
export class SharedRowPoll<Status> {
  readonly #read: () => Promise<Status>;
  readonly #pollIntervalMs: number;
  #reading: Promise<Status> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  /** A poll of `read`, which must never reject; nothing is read before `start`. */
  constructor(read: () => Promise<Status>, pollIntervalMs: number) {
    this.#read = read;
    this.#pollIntervalMs = pollIntervalMs;
  }

  /** Whether `close` was called: a read that starts after it should change nothing. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Reads at once, then every `pollIntervalMs` after each read ends. */
  start(): void {
    void this.refresh().then(() => this.#schedule());
  }

  /** Reads now, joining a read under way; resolves with what that read resolves with. */
  refresh(): Promise<Status> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  /** Stops the timer; a read under way still ends. Idempotent. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.refresh().then(() => this.#schedule());
    }, this.#pollIntervalMs);
    this.#timer.unref();
  }
}
