import type { CacheRead, Person } from '@cachetoggle/model';
import type { LeaseEntry } from './lease';
import { replaceOwnLease } from './lease-fill';
import type { Lookup, ReadParts } from './read-through';

/**
 * The lease protocol for many ids at once, in a fixed number of round trips: one `getMany`;
 * for the ids it could not answer, the corrupt values removed and leases taken in parallel;
 * one DB `getMany` for every id still open; the leased ones filled in parallel. An id leased by
 * someone else is read from the DB without waiting and without a fill.
 */
export class BatchRead {
  constructor(
    private readonly parts: ReadParts,
    private readonly bypassCache: (id: string) => boolean,
  ) {}

  /** Looks up distinct, valid `ids`; the map has an entry for every one of them. */
  async read(ids: readonly string[]): Promise<Map<string, Lookup>> {
    const { cache, guard, counters } = this.parts;
    const results = new Map<string, Lookup>();
    const cacheable = ids.filter((id) => !this.bypassCache(id));
    const reads =
      cacheable.length === 0
        ? undefined
        : await guard.call('getMany', () => cache.getMany(cacheable));
    const toLease: string[] = [];
    const toRemove: string[] = [];
    const withoutFill: string[] = [];
    for (const id of ids) {
      const read: CacheRead | undefined = typeof reads === 'object' ? reads.get(id) : undefined;
      if (read === undefined) {
        withoutFill.push(id);
        continue;
      }
      if (read.kind === 'person' || read.kind === 'tombstone') {
        counters.hits++;
        if (read.kind === 'tombstone') counters.tombstoneHits++;
        results.set(id, {
          person: read.kind === 'person' ? read.person : undefined,
          source: 'cache',
        });
        continue;
      }
      counters.misses++;
      if (read.kind === 'lease') {
        withoutFill.push(id);
        continue;
      }
      if (read.kind === 'corrupt') {
        counters.corruptEntries++;
        toRemove.push(id);
      }
      toLease.push(id);
    }
    await Promise.all(toRemove.map((id) => guard.call('delete', () => cache.delete(id))));
    const leased = await this.#lease(toLease, withoutFill);
    const fromDb = [...leased.keys(), ...withoutFill];
    if (fromDb.length === 0) return results;
    const found = await this.#readDb(fromDb, leased);
    for (const id of fromDb) results.set(id, { person: found.get(id), source: 'db' });
    await this.#fill(leased, found);
    return results;
  }

  async #lease(ids: readonly string[], withoutFill: string[]): Promise<Map<string, LeaseEntry>> {
    const { cache, guard, leases, leaseTtlMs, onStep } = this.parts;
    const attempts = await Promise.all(
      ids.map(async (id) => {
        const lease = leases.next();
        const token = await guard.call('add', () => cache.add(id, lease, leaseTtlMs));
        return { id, lease, taken: typeof token === 'bigint' };
      }),
    );
    const leased = new Map<string, LeaseEntry>();
    for (const { id, lease, taken } of attempts) {
      if (taken) leased.set(id, lease);
      else withoutFill.push(id);
    }
    if (onStep) await Promise.all([...leased.keys()].map((id) => onStep('lease-acquired', id)));
    return leased;
  }

  async #readDb(
    ids: string[],
    leased: ReadonlyMap<string, LeaseEntry>,
  ): Promise<Map<string, Person>> {
    const { db, cache, guard, counters, onStep } = this.parts;
    counters.dbReads++;
    let found: Map<string, Person>;
    try {
      found = await db.getMany(ids);
    } catch (error) {
      await Promise.all(
        [...leased.keys()].map((id) => guard.call('delete', () => cache.delete(id))),
      );
      throw error;
    }
    if (onStep) await Promise.all(ids.map((id) => onStep('db-read', id)));
    return found;
  }

  async #fill(leased: ReadonlyMap<string, LeaseEntry>, found: ReadonlyMap<string, Person>) {
    const { onStep } = this.parts;
    await Promise.all(
      [...leased].map(async ([id, lease]) => {
        if (onStep) await onStep('before-fill', id);
        await replaceOwnLease(this.parts, id, lease, found.get(id));
      }),
    );
  }
}
