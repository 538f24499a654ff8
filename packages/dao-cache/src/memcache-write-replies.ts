import { type CasToken, ValidationError } from '@cachetoggle/model';
import { casToken } from './memcache/cas-token';
import { type MetaResponse, MetaStatus, unexpectedResponse } from './memcache/meta-response';
import { SettlingReply } from './memcache/settling-reply';

/**
 * The answer to an `ms … c`: the new item's token when it was stored (`HD c<cas>`), `undefined`
 * when its condition failed (`NS`: an add found the key present; `EX`: the CAS changed; `NF`:
 * the item is gone). A value the server finds too large is a `ValidationError`.
 */
export class StoreReply extends SettlingReply<CasToken | undefined> {
  constructor(readonly operation: string) {
    super();
  }

  accept(response: MetaResponse): boolean {
    switch (response.status) {
      case MetaStatus.done: {
        const cas = response.cas();
        if (cas === undefined) this.reject(unexpectedResponse(this.operation, response));
        else this.resolve(casToken(this.epoch, cas));
        break;
      }
      case MetaStatus.notStored:
      case MetaStatus.exists:
      case MetaStatus.notFound:
        this.resolve(undefined);
        break;
      default:
        this.reject(storeFailure(this.operation, response));
    }
    return true;
  }
}

/** The answer to an `md`: done whether the key was there (`HD`) or not (`NF`). */
export class DeleteReply extends SettlingReply<void> {
  accept(response: MetaResponse): boolean {
    if (response.status === MetaStatus.done || response.status === MetaStatus.notFound) {
      this.resolve();
    } else {
      this.reject(unexpectedResponse('delete', response));
    }
    return true;
  }
}

function storeFailure(operation: string, response: MetaResponse): Error {
  if (response.status === MetaStatus.serverError && /too large/i.test(response.message())) {
    return new ValidationError('entry', 'is larger than the memcached server accepts');
  }
  return unexpectedResponse(operation, response);
}
