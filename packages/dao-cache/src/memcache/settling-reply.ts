import type { MetaResponse } from './meta-response';
import type { MetaReply } from './pending-replies';

let capturedResolve: (value: unknown) => void;
let capturedReject: (error: unknown) => void;

// One executor for every promise (it runs synchronously inside `new Promise`), instead of a
// closure per request.
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** A reply that settles a promise of its own: the caller returns `promise`. */
export abstract class SettlingReply<T> implements MetaReply {
  /** Settles once the reply is complete or its connection fails. */
  readonly promise: Promise<T>;
  /** The epoch of the connection the request went out on (set right after sending it). */
  epoch = 0;
  protected readonly resolve: (value: T) => void;
  protected readonly reject: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<T>(
      capture as (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
    );
    this.resolve = capturedResolve;
    this.reject = capturedReject;
  }

  abstract accept(response: MetaResponse): boolean;

  fail(error: Error): void {
    this.reject(error);
  }
}
