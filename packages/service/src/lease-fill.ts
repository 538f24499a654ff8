import { type CacheEntry, type CasToken, type Person, TOMBSTONE } from '@cachetoggle/model';
import { type GuardedCache, REJECTED } from './guarded-cache';
import type { LeaseEntry } from './lease';
import type { Lookup, ReadParts } from './read-through';
import type { MarkRead } from './single-flight';

/**
 * What a lease holder does, however it took the lease: reads the DB, then stores what it found
 * with `fill`. A DB read that fails gives the lease back (deletes the key), so other readers
 * need not wait for it to expire.
 */
export async function readAsLeaseHolder(
  parts: ReadParts,
  guard: GuardedCache,
  id: string,
  markRead: MarkRead,
  fill: (person: Person | undefined) => Promise<void>,
): Promise<Lookup> {
  const { db, cache, counters, onStep } = parts;
  if (onStep) await onStep('lease-acquired', id);
  markRead();
  counters.dbReads++;
  let person: Person | undefined;
  try {
    person = await db.get(id);
  } catch (error) {
    await guard.call('delete', () => cache.delete(id));
    throw error;
  }
  if (onStep) {
    await onStep('db-read', id);
    await onStep('before-fill', id);
  }
  await fill(person);
  return { person, source: 'db' };
}

/**
 * Replaces the lease `lease` (taken with `add`) on `id` with what the DB gave (the person, or
 * a tombstone), only while the key still holds that very lease: a write that deleted it, or any
 * other entry since, makes the fill a lost race. Reading the key again (gets) before the CAS
 * costs one round trip on a miss; the token `add` returned is not enough for a cache whose
 * tokens do not survive a restart (memcached numbers CAS values from 1 again). A value the
 * cache refuses as too large gives the lease back, so readers miss normally instead of waiting.
 */
export async function replaceOwnLease(
  parts: ReadParts,
  guard: GuardedCache,
  id: string,
  lease: LeaseEntry,
  person: Person | undefined,
): Promise<void> {
  const { cache, counters } = parts;
  const current = await guard.call('getIdentifiable', () => cache.getIdentifiable(id));
  if (typeof current === 'symbol') return;
  const { read, token } = current;
  if (read.kind !== 'lease' || read.owner !== lease.owner || token === undefined) {
    counters.fillRacesLost++;
    return;
  }
  await fillWithToken(parts, guard, id, token, person);
}

/**
 * Stores what the DB gave for `id` (the person, or a tombstone) only while the key still holds
 * the item `token` was read with: a lease `getOrLease` handed out, an entry it chose this
 * process to refresh, or a lease `replaceOwnLease` has just checked. No re-read: a cache that
 * offers `getOrLease` issues tokens that a restart voids. A value the cache refuses as invalid
 * gives the key back (deletes it), so readers miss normally instead of waiting on the lease.
 */
export async function fillWithToken(
  parts: ReadParts,
  guard: GuardedCache,
  id: string,
  token: CasToken,
  person: Person | undefined,
): Promise<void> {
  const { cache, counters } = parts;
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
