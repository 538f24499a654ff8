import { type Backend, UnavailableError } from '@cachetoggle/model';
import { createDeferred, type Deferred } from './deferred';

/** The names of the async methods of `T` (optional ones included). */
export type AsyncMethodOf<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T] &
  string;

/** The argument list of a function type. */
export type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;

/** A call held at its start until the test lets it go. */
export interface PausedCall<A> {
  /** Resolves with the call's arguments once a matching call has arrived and is being held. */
  readonly reached: Promise<A>;
  /** Lets the held call go on to the wrapped implementation. */
  release(): void;
  /** Makes the held call fail with `error` (default: an `UnavailableError`) instead. */
  fail(error?: unknown): void;
}

/** Which calls a fault applies to, and how often. */
export interface FaultOptions<M extends string> {
  /** Default: every method. */
  readonly methods?: readonly M[];
  /**
   * Only calls that touch a key on one of these servers (as the wrapper names them; a call of
   * many keys matches when any of its keys does); default: every call.
   */
  readonly servers?: readonly string[];
}

/** Options of `Chaos.fail`. */
export interface FailOptions<M extends string> extends FaultOptions<M> {
  /** Fail only this many calls, then work again; default: until `heal()`. */
  readonly times?: number;
  /** What to throw; default: a fresh `UnavailableError` of the wrapped backend. */
  readonly error?: () => unknown;
}

interface Scope<M> {
  readonly methods: ReadonlySet<M> | undefined;
  readonly servers: ReadonlySet<string> | undefined;
}

interface FailRule<M> extends Scope<M> {
  remaining: number;
  readonly error: () => unknown;
}

interface HangRule<M> extends Scope<M> {
  readonly gate: Deferred<void>;
}

interface PauseRule<M> {
  readonly method: M;
  readonly when: ((...args: never[]) => boolean) | undefined;
  readonly reached: Deferred<unknown>;
  readonly gate: Deferred<void>;
}

/**
 * Fault injection around any implementation of a contract (bentocache-style chaos wrapper): on
 * demand, calls fail with `UnavailableError`, hang until `resume()`, or stop at a chosen call
 * until the test releases it; `calls` counts the calls per method. Subclasses route every
 * method through `run`.
 */
export abstract class Chaos<T> {
  /** Calls per method since construction or the last `resetCalls()`. */
  readonly calls: Record<AsyncMethodOf<T>, number>;
  readonly #backend: Backend;
  #failing: FailRule<AsyncMethodOf<T>> | undefined;
  #hanging: HangRule<AsyncMethodOf<T>> | undefined;
  #pauses: PauseRule<AsyncMethodOf<T>>[] = [];

  protected constructor(backend: Backend, methods: readonly AsyncMethodOf<T>[]) {
    this.#backend = backend;
    this.calls = Object.fromEntries(methods.map((m) => [m, 0])) as Record<AsyncMethodOf<T>, number>;
  }

  /** Makes calls fail (all, or `times` of them) until `heal()`. */
  fail(options: FailOptions<AsyncMethodOf<T>> = {}): void {
    this.#failing = {
      ...scope(options),
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      error:
        options.error ?? (() => new UnavailableError(this.#backend, 'chaos: injected failure')),
    };
  }

  /** Makes new calls hang (never settle) until `resume()` or `heal()`. */
  hang(options: FaultOptions<AsyncMethodOf<T>> = {}): void {
    this.resume();
    this.#hanging = {
      ...scope(options),
      gate: createDeferred(),
    };
  }

  /** Lets hung calls go on to the wrapped implementation (like a server waking up). */
  resume(): void {
    this.#hanging?.gate.resolve();
    this.#hanging = undefined;
  }

  /** Holds the next call of `method` (for which `when` is true) at its start. */
  pause<K extends AsyncMethodOf<T>>(
    method: K,
    when?: (...args: ArgsOf<T[K]>) => boolean,
  ): PausedCall<ArgsOf<T[K]>> {
    const rule: PauseRule<AsyncMethodOf<T>> = {
      method,
      when: when as PauseRule<AsyncMethodOf<T>>['when'],
      reached: createDeferred(),
      gate: createDeferred(),
    };
    this.#pauses.push(rule);
    return {
      reached: rule.reached.promise as Promise<ArgsOf<T[K]>>,
      release: () => rule.gate.resolve(),
      fail: (error) =>
        rule.gate.reject(error ?? new UnavailableError(this.#backend, 'chaos: injected failure')),
    };
  }

  /** Stops failing and hanging; hung calls go on. Pauses stay until released. */
  heal(): void {
    this.#failing = undefined;
    this.resume();
  }

  /** Sets every call counter back to zero. */
  resetCalls(): void {
    for (const method of Object.keys(this.calls) as AsyncMethodOf<T>[]) this.calls[method] = 0;
  }

  /** Counts the call, applies the faults that match it, then makes it with `call`. */
  protected async run<K extends AsyncMethodOf<T>, R>(
    method: K,
    args: ArgsOf<T[K]>,
    call: () => Promise<R>,
  ): Promise<R> {
    this.calls[method]++;
    const pause = this.#takePause(method, args);
    if (pause) {
      pause.reached.resolve(args);
      await pause.gate.promise;
    }
    const failing = this.#failing;
    if (failing && this.#applies(failing, method, args) && failing.remaining > 0) {
      failing.remaining--;
      throw failing.error();
    }
    const hanging = this.#hanging;
    if (hanging && this.#applies(hanging, method, args)) await hanging.gate.promise;
    return call();
  }

  /** The servers a call with `args` touches; `undefined` when the wrapper cannot tell. */
  protected serversOf(_args: readonly unknown[]): readonly string[] | undefined {
    return undefined;
  }

  #applies(rule: Scope<AsyncMethodOf<T>>, method: AsyncMethodOf<T>, args: readonly unknown[]) {
    if (rule.methods !== undefined && !rule.methods.has(method)) return false;
    if (rule.servers === undefined) return true;
    const servers = rule.servers;
    return this.serversOf(args)?.some((server) => servers.has(server)) ?? false;
  }

  #takePause(
    method: AsyncMethodOf<T>,
    args: readonly unknown[],
  ): PauseRule<AsyncMethodOf<T>> | undefined {
    const index = this.#pauses.findIndex(
      (p) => p.method === method && (p.when === undefined || p.when(...(args as never[]))),
    );
    if (index === -1) return undefined;
    const [pause] = this.#pauses.splice(index, 1);
    return pause;
  }
}

function scope<M extends string>(options: FaultOptions<M>): Scope<M> {
  return {
    methods: options.methods && new Set(options.methods),
    servers: options.servers && new Set(options.servers),
  };
}
