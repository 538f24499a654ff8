import type { Person, PersonCache, PersonDb } from '@cachetoggle/model';
import type { CacheServers } from './cache-servers';
import type { Invalidator } from './invalidator';

/** What delivering outbox rows needs from the service. */
export interface OutboxDeliveryParts {
  readonly db: PersonDb;
  readonly cache: PersonCache;
  readonly servers: CacheServers;
  readonly invalidator: Invalidator;
}

/**
 * Delivers a page of outbox rows to this process's cache, skipping the keys whose cache entry
 * already agrees with the database. Most rows were delivered by their writer at once, and a
 * reader may have filled the new value since: deleting it again would cost every process one
 * more DB read per write. The database is read first, then the cache, so an entry equal to the
 * row read was stored after the write committed, and any token for replacing it was taken after
 * too. Anything else is deleted, as a write's own invalidation would: a lease (its holder may
 * have read before the commit), a miss (memcached may still hold an expired value someone holds
 * a token for), an older value, a failed read.
 */
export async function deliverOutboxPage(
  parts: OutboxDeliveryParts,
  ids: readonly string[],
): Promise<void> {
  const { db, cache, servers, invalidator } = parts;
  let current: Map<string, Person> | undefined;
  try {
    current = await db.getMany(ids);
  } catch {
    current = undefined;
  }
  await Promise.all(
    ids.map(async (id) => {
      if (current !== undefined) {
        const cached = await servers.of(id).guard.call('get', () => cache.get(id));
        if (typeof cached !== 'symbol' && agrees(cached, current.get(id))) return;
      }
      await invalidator.deliver(id);
    }),
  );
}

function agrees(cached: Awaited<ReturnType<PersonCache['get']>>, row: Person | undefined) {
  switch (cached.kind) {
    case 'tombstone':
      return row === undefined;
    case 'person':
      return (
        row !== undefined &&
        cached.person.version === row.version &&
        cached.person.firstName === row.firstName &&
        cached.person.lastName === row.lastName
      );
    default:
      return false;
  }
}
