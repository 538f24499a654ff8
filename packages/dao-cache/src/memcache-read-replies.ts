import {
  type CacheRead,
  type IdentifiableRead,
  type LeaseRead,
  MISS,
  UnavailableError,
} from '@cachetoggle/model';
import { casToken } from './memcache/cas-token';
import {
  MetaFlag,
  type MetaResponse,
  MetaStatus,
  unexpectedResponse,
} from './memcache/meta-response';
import { SettlingReply } from './memcache/settling-reply';
import { leaseRead, storedRead } from './memcache-stored-read';

const MISSING: IdentifiableRead = Object.freeze({ read: MISS, token: undefined });

/** The answer to `mg <key> v`: what is stored under the key of `id`. */
export class GetReply extends SettlingReply<CacheRead> {
  constructor(readonly id: string) {
    super();
  }

  accept(response: MetaResponse): boolean {
    if (response.status === MetaStatus.value) {
      this.resolve(storedRead(response, this.id, Date.now()));
    } else if (response.status === MetaStatus.miss) {
      this.resolve(MISS);
    } else {
      this.reject(unexpectedResponse('get', response));
    }
    return true;
  }
}

/** The answer to `mg <key> v c`: what is stored, and the token to change it atomically. */
export class IdentifiableReply extends SettlingReply<IdentifiableRead> {
  /** The epoch of the connection the request went out on (set right after sending it). */
  epoch = 0;

  constructor(readonly id: string) {
    super();
  }

  accept(response: MetaResponse): boolean {
    if (response.status === MetaStatus.miss) {
      this.resolve(MISSING);
      return true;
    }
    const cas = response.status === MetaStatus.value ? response.cas() : undefined;
    if (cas === undefined) {
      this.reject(unexpectedResponse('get with CAS', response));
    } else {
      const read = storedRead(response, this.id, Date.now());
      this.resolve({ read, token: casToken(this.epoch, cas) });
    }
    return true;
  }
}

/** The answer to `mg <key> v c N<s> R<s>`: see `leaseRead`. */
export class LeaseReadReply extends SettlingReply<LeaseRead> {
  /** The epoch of the connection the request went out on (set right after sending it). */
  epoch = 0;

  constructor(readonly id: string) {
    super();
  }

  accept(response: MetaResponse): boolean {
    if (response.status === MetaStatus.value) {
      try {
        this.resolve(leaseRead(response, this.id, this.epoch, Date.now()));
      } catch (error) {
        this.reject(error);
      }
    } else if (response.status === MetaStatus.miss) {
      // `N` creates an item on every miss; a miss means memcached could not (out of memory).
      this.resolve(MISS);
    } else {
      this.reject(unexpectedResponse('get or lease', response));
    }
    return true;
  }
}

/**
 * The answers to a batch of `mg … O<i>` and its `mn`: every hit (or, with `N`, every key) is
 * written into `reads` under `ids[i]`; keys without an answer keep what `reads` held for them
 * (the caller fills in `miss` first). Settles when `MN` arrives.
 */
export class BatchReadReply extends SettlingReply<void> {
  /** The epoch of the connection the request went out on (set right after sending it). */
  epoch = 0;
  #failure: UnavailableError | undefined;

  constructor(
    readonly ids: readonly string[],
    readonly reads: Map<string, LeaseRead>,
    readonly lease: boolean,
  ) {
    super();
  }

  accept(response: MetaResponse): boolean {
    if (response.status === MetaStatus.noop) {
      if (this.#failure === undefined) this.resolve();
      else this.reject(this.#failure);
      return true;
    }
    const id = this.ids[response.numberFlag(MetaFlag.opaque)];
    if (id === undefined) {
      this.#failure ??= unexpectedResponse('multi-get', response);
    } else if (response.status === MetaStatus.value) {
      try {
        const now = Date.now();
        const read = this.lease
          ? leaseRead(response, id, this.epoch, now)
          : storedRead(response, id, now);
        this.reads.set(id, read);
      } catch (error) {
        this.#failure ??=
          error instanceof UnavailableError ? error : unexpectedResponse('multi-get', response);
      }
    } else if (response.status !== MetaStatus.miss) {
      this.#failure ??= unexpectedResponse('multi-get', response);
    }
    return false;
  }
}
