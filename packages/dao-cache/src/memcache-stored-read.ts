import {
  type CacheRead,
  decodeCacheEntry,
  type LeaseRead,
  UnavailableError,
} from '@cachetoggle/model';
import { casToken } from './memcache/cas-token';
import { MetaFlag, type MetaResponse } from './memcache/meta-response';

/**
 * The owner reported for a lease memcached holds itself: the empty item `mg … N` creates on a
 * miss for the client that won it. Which client that is, memcached does not say.
 */
export const MEMCACHED_LEASE_OWNER = 'memcached';

/**
 * What a reader gets for a key someone else is filling through `getOrLease` (an `mg … N` stub,
 * or a value another client won the right to replace): a `lease` owned by
 * `MEMCACHED_LEASE_OWNER`. Like any lease, it means "wait for the value or read the DB without
 * filling".
 */
export const MEMCACHED_LEASE: CacheRead = Object.freeze({
  kind: 'lease',
  owner: MEMCACHED_LEASE_OWNER,
});

/**
 * The read of a value response (`VA`) for `id`: an empty item with `W` or `Z` is a lease stub,
 * anything else goes through the model's codec (an expired entry is a miss, foreign bytes are
 * corrupt).
 */
export function storedRead(response: MetaResponse, id: string, nowMs: number): CacheRead {
  if (response.valueBytes === 0 && response.winFlag() !== 0) return MEMCACHED_LEASE;
  return decodeCacheEntry(response.valueText(), id, nowMs);
}

/**
 * The read of an `mg … v c N<s> R<s>` value response, read on connection `epoch`:
 *
 * - `W` (this client won): with a person or tombstone still fresh by its own expiry, the right
 *   to `refresh` it; with nothing servable (the empty stub just created, an expired, corrupt or
 *   lease value) the lease: `leased`.
 * - `Z` (another client won): its stub, an expired or a corrupt value are its lease
 *   (`MEMCACHED_LEASE`); a fresh person or tombstone is served while it refreshes.
 * - neither: as `get` reads it (an expired value memcached still holds is a `miss`).
 */
export function leaseRead(
  response: MetaResponse,
  id: string,
  epoch: number,
  nowMs: number,
): LeaseRead {
  const win = response.winFlag();
  if (win === 0) return decodeCacheEntry(response.valueText(), id, nowMs);
  const read =
    response.valueBytes === 0 ? MEMCACHED_LEASE : decodeCacheEntry(response.valueText(), id, nowMs);
  const servable = read.kind === 'person' || read.kind === 'tombstone';
  if (win === MetaFlag.taken) return servable || read.kind === 'lease' ? read : MEMCACHED_LEASE;
  const cas = response.cas();
  if (cas === undefined) throw new UnavailableError('cache', 'a won lease came without its CAS');
  const token = casToken(epoch, cas);
  return servable ? { kind: 'refresh', entry: read, token } : { kind: 'leased', token };
}
