import { type CacheRead, type IdentifiableRead, type LeaseRead, MISS } from '@cachetoggle/model';
import { casToken } from './memcache/cas-token';
import { type MetaResponse, MetaStatus, unexpectedResponse } from './memcache/meta-response';
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
