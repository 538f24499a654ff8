import { type CacheEntry, type Person, TOMBSTONE } from '@cachetoggle/model';
import { REJECTED } from './guarded-cache';
import type { LeaseEntry } from './lease';
import type { ReadParts } from './read-through';

/**
 * Replaces the lease `lease` on `id` with what the DB gave (the person, or a tombstone), only
 * while the key still holds that very lease: a write that deleted it, or any other entry since,
 * makes the fill a lost race. Reading the key again (gets) before the CAS costs one round trip
 * on a miss; the token `add` returned is not enough, because memcached numbers CAS values from 1
 * again after a restart and a stale token can match a newer item. A value the cache refuses as
 * too large gives the lease back, so readers miss normally instead of waiting on it.
 */
export async function replaceOwnLease(
  parts: ReadParts,
  id: string,
  lease: LeaseEntry,
  person: Person | undefined,
): Promise<void> {
  const { cache, guard, counters } = parts;
  const current = await guard.call('getIdentifiable', () => cache.getIdentifiable(id));
  if (typeof current === 'symbol') return;
  const { read, token } = current;
  if (read.kind !== 'lease' || read.owner !== lease.owner || token === undefined) {
    counters.fillRacesLost++;
    return;
  }
  const ttlMs = person ? parts.ttlMs : parts.tombstoneTtlMs;
  const stored = await guard.call('putIfUntouched', () =>
    cache.putIfUntouched(id, fillEntry(person), token, ttlMs),
  );
  if (stored === true) counters.fills++;
  else if (stored === false) counters.fillRacesLost++;
  else if (stored === REJECTED) await guard.call('delete', () => cache.delete(id));
}

/** The value that replaces a lease: the person, or a tombstone. */
function fillEntry(person: Person | undefined): CacheEntry {
  return person ? { kind: 'person', person } : TOMBSTONE;
}
