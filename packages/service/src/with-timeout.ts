import { UnavailableError } from '@cachetoggle/model';

/** One call being raced against its deadline. */
class PendingCall {
  settled = false;

  constructor(
    readonly deadlineMs: number,
    readonly op: string,
    readonly reject: (error: unknown) => void,
  ) {}
}

/**
 * Races cache calls against one fixed timeout. Every call has the same timeout, so deadlines
 * arrive in call order: they wait in a FIFO queue checked by one shared unref'd interval,
 * instead of a `setTimeout`/`clearTimeout` pair per call. A call that does not settle in time
 * rejects with `UnavailableError('cache', ...)`; the timer resolution is a quarter of the
 * timeout (at most 25 ms late). The interval runs only while calls are pending.
 */
export class SharedTimeout {
  readonly timeoutMs: number;
  readonly #tickMs: number;
  #queue: PendingCall[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.#tickMs = Math.max(1, Math.min(25, Math.floor(timeoutMs / 4)));
  }

  /** `promise`, or a rejection once `timeoutMs` have passed; `op` names the call in the error. */
  run<T>(promise: Promise<T>, op: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call = new PendingCall(Date.now() + this.timeoutMs, op, reject);
      this.#push(call);
      promise.then(
        (value) => {
          if (call.settled) return;
          call.settled = true;
          resolve(value);
        },
        (error: unknown) => {
          if (call.settled) return;
          call.settled = true;
          reject(error);
        },
      );
    });
  }

  /** Calls still racing their deadline (settled ones are dropped lazily). */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  // Calls mostly settle in the order they were made, so dropping the settled ones at the head
  // on every push keeps the queue as short as the number of calls really in flight.
  #push(call: PendingCall): void {
    const queue = this.#queue;
    let head = this.#head;
    while (head < queue.length && (queue[head] as PendingCall).settled) head++;
    if (head > 1024 && head * 2 > queue.length) {
      this.#queue = queue.slice(head);
      this.#head = 0;
    } else {
      this.#head = head;
    }
    this.#queue.push(call);
    if (this.#timer === undefined) this.#startTimer();
  }

  #startTimer(): void {
    this.#timer = setInterval(() => this.#expire(), this.#tickMs);
    this.#timer.unref();
  }

  #expire(): void {
    const now = Date.now();
    const queue = this.#queue;
    let head = this.#head;
    while (head < queue.length) {
      const call = queue[head] as PendingCall;
      if (!call.settled) {
        if (call.deadlineMs > now) break;
        call.settled = true;
        call.reject(
          new UnavailableError('cache', `${call.op} timed out after ${this.timeoutMs} ms`),
        );
      }
      head++;
    }
    if (head === queue.length) {
      this.#queue = [];
      this.#head = 0;
      clearInterval(this.#timer);
      this.#timer = undefined;
    } else if (head > 1024 && head * 2 > queue.length) {
      this.#queue = queue.slice(head);
      this.#head = 0;
    } else {
      this.#head = head;
    }
  }
}
