import type { CasToken, LeaseRead, PersonCache, StoredEntry } from '@cachetoggle/model';
import type { BackgroundRefresh } from './background-refresh';
import { fillWithToken, readAsLeaseHolder } from './lease-fill';
import { LeaseWait } from './lease-wait';
import { type Lookup, type ReadParts, readWithoutFill } from './read-through';
import type { MarkRead } from './single-flight';

/** A cache that reads and takes a lease in one request. */
export type LeasingCache = PersonCache &
  Required<Pick<PersonCache, 'getOrLease' | 'getManyOrLease'>>;

/** Whether `cache` offers `getOrLease` and `getManyOrLease` (the service asks once). */
export function offersReadOrLease(cache: PersonCache): cache is LeasingCache {
  return typeof cache.getOrLease === 'function' && typeof cache.getManyOrLease === 'function';
}

/**
 * The lease protocol on a cache that takes the lease in the read itself (`getOrLease`,
 * memcached's `mg … N`): a miss costs one read and one fill. The holder of a lease reads the DB
 * and fills with the token the read gave (`putIfUntouched`), which fails once a write's delete
 * removed the lease. A reader that finds someone else's lease polls with `getOrLease` (which
 * hands it the lease once the holder's is gone) for as long as `leaseWait` allows, then reads
 * the DB without filling; a value that blocks the lease (expired by its own clock, or corrupt) is
 * removed and the lease asked for again. Any cache failure ends in a DB read without a fill.
 */
export class ReadOrLease {
  readonly #parts: ReadParts;
  readonly #cache: LeasingCache;
  readonly #refresher: BackgroundRefresh;

  constructor(parts: ReadParts, cache: LeasingCache, refresher: BackgroundRefresh) {
    this.#parts = parts;
    this.#cache = cache;
    this.#refresher = refresher;
  }

  /** Resolves the id after `getOrLease` answered `first` with anything but a hit or `leased`. */
  async fetch(id: string, first: LeaseRead, markRead: MarkRead): Promise<Lookup> {
    const { counters, leaseTtlMs } = this.#parts;
    const cache = this.#cache;
    const { guard } = this.#parts.servers.of(id);
    let read = first;
    let cleared = false;
    let wait: LeaseWait | undefined;
    for (;;) {
      switch (read.kind) {
        case 'person':
          return { person: read.person, source: 'cache' };
        case 'tombstone':
          return { person: undefined, source: 'cache' };
        case 'refresh':
          this.#refresher.start(id, read.token);
          return lookupOf(read.entry);
        case 'leased':
          return this.fill(id, read.token, markRead);
      }
      if (read.kind === 'corrupt') counters.corruptEntries++;
      if (read.kind !== 'lease' && !cleared) {
        // No lease could be taken over what is there; remove it and ask again at once.
        cleared = true;
        if (typeof (await guard.call('delete', () => cache.delete(id))) === 'symbol') break;
      } else {
        if (wait === undefined) {
          counters.leaseWaits++;
          wait = new LeaseWait(this.#parts);
        }
        if (!(await wait.pause())) break;
        cleared = false;
      }
      markRead();
      const next = await guard.call('getOrLease', () => cache.getOrLease(id, leaseTtlMs));
      if (typeof next === 'symbol') break;
      if (this.#parts.onStep) await this.#parts.onStep('lease-polled', id);
      read = next;
    }
    return readWithoutFill(this.#parts, id, markRead);
  }

  /** The holder of the lease `token` on `id`: reads the DB and fills, with no re-read. */
  fill(id: string, token: CasToken, markRead: MarkRead): Promise<Lookup> {
    const parts = this.#parts;
    const { guard } = parts.servers.of(id);
    return readAsLeaseHolder(parts, guard, id, markRead, (person) =>
      fillWithToken(parts, guard, id, token, person),
    );
  }
}

/** The lookup a served entry answers. */
export function lookupOf(entry: StoredEntry): Lookup {
  return { person: entry.kind === 'person' ? entry.person : undefined, source: 'cache' };
}
