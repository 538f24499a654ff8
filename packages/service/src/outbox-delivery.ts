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
 * too. An older value, a corrupt one or a failed read is deleted at once, as a write's own
 * invalidation would. A miss or a lease is most often a reader filling the new value right
 * after the writer's delete: it is judged again one round later and deleted then unless the
 * entry has become current (a lease's holder may have read before the commit, and memcached
 * may hold an expired value under a miss that someone holds a token for; a stale fill from
 * either shows as an older value then).
 */
export async function deliverOutboxPage(
  parts: OutboxDeliveryParts,
  ids: readonly string[],
  final: boolean,
): Promise<readonly string[]> {
  const { db, cache, servers, invalidator } = parts;
  let current: Map<string, Person> | undefined;
  try {
    current = await db.getMany(ids);
  } catch {
    current = undefined;
  }
  const later: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      if (current !== undefined) {
        const cached = await servers.of(id).guard.call('get', () => cache.get(id));
        const verdict = typeof cached === 'symbol' ? 'stale' : judge(cached, current.get(id));
        if (verdict === 'current') return;
        if (verdict === 'unsettled' && !final) {
          later.push(id);
          return;
        }
      }
      await invalidator.deliver(id);
    }),
  );
  return later;
}

// 'unsettled': nothing to compare yet (a miss, or a lease whose fill is most likely under way).
function judge(
  cached: Awaited<ReturnType<PersonCache['get']>>,
  row: Person | undefined,
): 'current' | 'stale' | 'unsettled' {
  switch (cached.kind) {
    case 'tombstone':
      return row === undefined ? 'current' : 'stale';
    case 'person':
      return row !== undefined &&
        cached.person.version === row.version &&
        cached.person.firstName === row.firstName &&
        cached.person.lastName === row.lastName
        ? 'current'
        : 'stale';
    case 'miss':
    case 'lease':
      return 'unsettled';
    default:
      return 'stale';
  }
}
