import { UnavailableError } from '@cachetoggle/model';

/** Turns the outcome of a raced call, with the data the caller passed along, into the result. */
export type Settle<In, C, S, R> = (
  outcome: In,
  context: C,
  stamp: number,
  scope: S,
) => R | PromiseLike<R>;

/**
 * One call being raced against its deadline; whichever comes first settles it. A settled call
 * lets go of its promise and data at once: it may stay in the deadline queue for thousands of
 * calls more (settled calls leave it lazily), and a promise resolved with a batch of 100 people
 * would stay reachable with it, survive the young-generation collections and cost a full one.
 */
class PendingCall<T, C, S, R> {
  settled = false;
  #context: C | undefined;
  #scope: S | undefined;
  #resolve: ((result: R | PromiseLike<R>) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;

  constructor(
    readonly deadlineMs: number,
    readonly op: string,
    context: C,
    readonly stamp: number,
    scope: S,
    readonly onValue: Settle<T, C, S, R>,
    readonly onError: Settle<unknown, C, S, R>,
    resolve: (result: R | PromiseLike<R>) => void,
    reject: (error: unknown) => void,
  ) {
    this.#context = context;
    this.#scope = scope;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  fulfil(value: T): void {
    this.#settle(this.onValue, value);
  }

  fail(error: unknown): void {
    this.#settle(this.onError, error);
  }

  #settle<In>(settle: Settle<In, C, S, R>, outcome: In): void {
    if (this.settled) return;
    this.settled = true;
    const context = this.#context as C;
    const scope = this.#scope as S;
    const resolve = this.#resolve as (result: R | PromiseLike<R>) => void;
    const reject = this.#reject as (error: unknown) => void;
    this.#context = undefined;
    this.#scope = undefined;
    this.#resolve = undefined;
    this.#reject = undefined;
    try {
      resolve(settle(outcome, context, this.stamp, scope));
    } catch (error) {
      reject(error);
    }
  }
}

const passValue = <T>(value: T): T => value;
const passError = (error: unknown): never => {
  throw error;
};

/**
 * Races cache calls against one fixed timeout. Every call has the same timeout, so deadlines
 * arrive in call order: they wait in a FIFO queue checked by one shared unref'd interval,
 * instead of a `setTimeout`/`clearTimeout` pair per call. A call that does not settle in time
 * fails with `UnavailableError('cache', ...)`; the timer resolution is a quarter of the timeout
 * (at most 25 ms late), and a deadline found passed is enforced only after the event loop has
 * read its sockets once more (a stalled loop does not fail answers that already arrived). The
 * interval runs only while calls are pending.
 */
export class SharedTimeout {
  readonly timeoutMs: number;
  readonly #tickMs: number;
  #queue: PendingCall<never, never, never, unknown>[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.#tickMs = Math.max(1, Math.min(25, Math.floor(timeoutMs / 4)));
  }

  /** `promise`, or a rejection once `timeoutMs` have passed; `op` names the call in the error. */
  run<T>(promise: Promise<T>, op: string): Promise<T> {
    return this.race(promise, op, undefined, 0, undefined, passValue, passError);
  }

  /**
   * Races `promise` against the timeout and settles the returned promise with `onValue(value,
   * context, stamp, scope)` or `onError(errorOrTimeout, context, stamp, scope)`, whichever comes
   * first. The returned promise is the only one made per call (callers pass functions bound once
   * and the per-call data as `context`, `stamp` and `scope`, not closures).
   */
  race<T, C, S, R>(
    promise: Promise<T>,
    op: string,
    context: C,
    stamp: number,
    scope: S,
    onValue: Settle<T, C, S, R>,
    onError: Settle<unknown, C, S, R>,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const deadline = Date.now() + this.timeoutMs;
      const call = new PendingCall(
        deadline,
        op,
        context,
        stamp,
        scope,
        onValue,
        onError,
        resolve,
        reject,
      );
      this.#push(call as unknown as PendingCall<never, never, never, unknown>);
      promise.then(
        (value) => call.fulfil(value),
        (error: unknown) => call.fail(error),
      );
    });
  }

  /** Calls still racing their deadline (settled ones are dropped lazily). */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  // Calls mostly settle in the order they were made, so dropping the settled ones at the head
  // on every push keeps the queue as short as the number of calls really in flight.
  #push(call: PendingCall<never, never, never, unknown>): void {
    const queue = this.#queue;
    let head = this.#head;
    while (
      head < queue.length &&
      (queue[head] as PendingCall<never, never, never, unknown>).settled
    )
      head++;
    if (head > 1024 && head * 2 > queue.length) {
      this.#queue = queue.slice(head);
      this.#head = 0;
    } else {
      this.#head = head;
    }
    this.#queue.push(call);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#expire(), this.#tickMs);
      this.#timer.unref();
    }
  }

  #expire(): void {
    const now = Date.now();
    const queue = this.#queue;
    let head = this.#head;
    const overdue: PendingCall<never, never, never, unknown>[] = [];
    while (head < queue.length) {
      const call = queue[head] as PendingCall<never, never, never, unknown>;
      if (!call.settled) {
        if (call.deadlineMs > now) break;
        overdue.push(call);
      }
      head++;
    }
    // Not unref'd: an unref'd immediate lets the loop block in its I/O wait and run it late.
    if (overdue.length > 0) setImmediate(() => this.#fail(overdue));
    if (head === queue.length) {
      this.#queue = [];
      this.#head = 0;
      clearInterval(this.#timer);
      this.#timer = undefined;
    } else {
      this.#head = head;
    }
  }

  // Runs after the event loop's I/O phase: when the loop was stalled, answers that arrived
  // meanwhile are read first, so only calls really unanswered time out.
  #fail(overdue: readonly PendingCall<never, never, never, unknown>[]): void {
    for (const call of overdue) {
      call.fail(new UnavailableError('cache', `${call.op} timed out after ${this.timeoutMs} ms`));
    }
  }
}
