import { type LeaseRead, MISS, UnavailableError, ValidationError } from '@cachetoggle/model';
import type { MemcacheCluster } from './memcache/memcache-cluster';
import { metaGetBatchRequest } from './memcache/meta-request';
import {
  MetaFlag,
  type MetaResponse,
  MetaStatus,
  unexpectedResponse,
} from './memcache/meta-response';
import type { ServerPlacement } from './memcache/server-placement';
import { SettlingReply } from './memcache/settling-reply';
import { leaseRead, storedRead } from './memcache-stored-read';

/**
 * Reads `ids` (duplicates answered once) with one batch of `mg <key> <flags> O<i>` and an `mn` per
 * server, all sent before any answer is awaited: one write and one round trip per server. With
 * `lease`, every key is read as `getOrLease` reads it; without, only hits answer (`flags` has
 * `q`) and the others are misses. The map lists the ids in the order given. Throws
 * `ValidationError` for a non-array or an id without a key, before anything is sent.
 */
export async function readBatch(
  cluster: MemcacheCluster,
  placement: ServerPlacement,
  ids: readonly string[],
  flags: string,
  lease: boolean,
): Promise<Map<string, LeaseRead>> {
  if (!Array.isArray(ids)) throw new ValidationError('ids', 'must be an array');
  const reads = new Map<string, LeaseRead>();
  const groups = new Map<number, { ids: string[]; keys: string[] }>();
  for (const id of ids) {
    if (reads.has(id)) continue;
    const key = placement.keys.key(id);
    reads.set(id, MISS);
    const server = placement.slotFor(key);
    let group = groups.get(server);
    if (group === undefined) {
      group = { ids: [], keys: [] };
      groups.set(server, group);
    }
    group.ids.push(id);
    group.keys.push(key);
  }
  const replies: Promise<void>[] = [];
  for (const [server, group] of groups) {
    const reply = new BatchReadReply(group.ids, reads, lease);
    reply.epoch = cluster.send(server, metaGetBatchRequest(group.keys, flags), reply);
    replies.push(reply.promise);
  }
  await Promise.all(replies);
  return reads;
}

/**
 * The answers to a batch of `mg … O<i>` and its `mn`: every hit (or, with `N`, every key) is
 * written into `reads` under `ids[i]`; keys without an answer keep what `reads` held for them
 * (the caller fills in `miss` first). Settles when `MN` arrives.
 */
class BatchReadReply extends SettlingReply<void> {
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
