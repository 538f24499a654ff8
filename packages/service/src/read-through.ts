import type { CacheRead, Person, PersonCache, PersonDb } from '@cachetoggle/model';
import type { CacheServers } from './cache-servers';
import type { GuardedCache } from './guarded-cache';
import type { LeaseEntry, LeaseIssuer } from './lease';
import { readAsLeaseHolder, replaceOwnLease } from './lease-fill';
import { LeaseWait } from './lease-wait';
import type { ReadSource } from './person-service';
import type { ProtocolStep } from './protocol-hooks';
import type { ServiceCounters } from './service-stats';
import type { MarkRead } from './single-flight';

/** A person (or its absence) and where the answer came from. */
export interface Lookup {
  readonly person: Person | undefined;
  readonly source: ReadSource;
}

/** Runs a protocol hook; `undefined` when there are no hooks (then nothing is awaited). */
export type StepHook = ((step: ProtocolStep, id: string) => void | Promise<void>) | undefined;

/** What the read protocol needs from the service. */
export interface ReadParts {
  readonly db: PersonDb;
  readonly cache: PersonCache;
  /** The health of each cache server; every call for an id goes through its server's guard. */
  readonly servers: CacheServers;
  readonly counters: ServiceCounters;
  readonly leases: LeaseIssuer;
  readonly onStep: StepHook;
  readonly ttlMs: number;
  readonly tombstoneTtlMs: number;
  readonly leaseTtlMs: number;
  readonly pollIntervalMs: number;
  readonly maxWaitMs: number;
}

/**
 * What a cache-mode `get` does when the cache had no usable value for an id and offers no
 * `getOrLease` (the lease protocol of "Scaling Memcache at Facebook"): take a lease with `add`; the holder reads the DB
 * and replaces its own lease with the value via `putIfUntouched`, which fails if a write deleted
 * the lease meanwhile. A reader that finds someone else's lease polls for the value (taking the
 * lease itself once it is gone) for as long as `leaseWait` allows, then reads the DB without
 * filling. Any cache failure also ends in a DB read without a fill.
 */
export class ReadThrough {
  constructor(private readonly parts: ReadParts) {}

  /** Resolves the id after the cache answered `first` (a miss, a lease or a corrupt value). */
  async fetch(id: string, first: CacheRead, markRead: MarkRead): Promise<Lookup> {
    const { cache, counters } = this.parts;
    const { guard } = this.parts.servers.of(id);
    let read = first;
    // Something is stored under the key that an `add` would collide with and that is not a
    // lease: a corrupt value, or an entry expired by its own clock that the store still holds.
    let blocked = read.kind === 'corrupt';
    let wait: LeaseWait | undefined;
    for (;;) {
      if (read.kind === 'corrupt') counters.corruptEntries++;
      if (read.kind === 'person') return { person: read.person, source: 'cache' };
      if (read.kind === 'tombstone') return { person: undefined, source: 'cache' };
      if (read.kind !== 'lease') {
        if (blocked && typeof (await guard.call('delete', () => cache.delete(id))) === 'symbol')
          break;
        const lease = this.parts.leases.next();
        const token = await guard.call('add', () => cache.add(id, lease, this.parts.leaseTtlMs));
        if (typeof token === 'symbol') break;
        if (token !== undefined) return this.#fillAsLeaseHolder(guard, id, lease, markRead);
      }
      if (wait === undefined) {
        counters.leaseWaits++;
        wait = new LeaseWait(this.parts);
      }
      if (!(await wait.pause())) break;
      markRead();
      const next = await guard.call('getIdentifiable', () => cache.getIdentifiable(id));
      if (typeof next === 'symbol') break;
      if (this.parts.onStep) await this.parts.onStep('lease-polled', id);
      read = next.read;
      blocked = next.token !== undefined && read.kind !== 'lease';
    }
    return readWithoutFill(this.parts, id, markRead);
  }

  #fillAsLeaseHolder(
    guard: GuardedCache,
    id: string,
    lease: LeaseEntry,
    markRead: MarkRead,
  ): Promise<Lookup> {
    const parts = this.parts;
    return readAsLeaseHolder(parts, guard, id, markRead, (person) =>
      replaceOwnLease(parts, guard, id, lease, person),
    );
  }
}

/**
 * Reads the DB for a cache-mode reader that must not fill (the cache is unusable for it, or
 * someone else's lease outlived the wait); `markRead` is told right before the query.
 */
export async function readWithoutFill(
  parts: ReadParts,
  id: string,
  markRead: MarkRead,
): Promise<Lookup> {
  const { db, counters, onStep } = parts;
  markRead();
  counters.dbReads++;
  const person = await db.get(id);
  if (onStep) await onStep('db-read', id);
  return { person, source: 'db' };
}
