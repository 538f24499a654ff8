import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedFleet, startMemcachedFleet } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverOf } from './ids-by-server';

// Where keys live when the cache has several servers. The placement figures use fixed server
// names in the documentation address range (nothing is sent to them: placement is computed, not
// asked for), so they are the same on every run; the consistency case runs on real servers.
const NAMES = ['192.0.2.10:11211', '192.0.2.11:11211', '192.0.2.12:11211'];
const IDS = Array.from({ length: 10_000 }, (_, n) => `placed-${n}`);

let fleet: MemcachedFleet;
let database: TestDatabase;
let db: MysqlPersonDb;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  fleet = await startMemcachedFleet(3);
  database = await createTestDatabase('ct_fault');
  db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
  await db.migrate();
});

afterAll(async () => {
  for (const o of opened) await o.close();
  await db?.close();
  await Promise.allSettled([database?.drop(), fleet?.stop()]);
});

function cacheOn(servers: readonly string[], namespace = 'placement'): MemcachePersonCache {
  const cache = new MemcachePersonCache({ servers: servers.join(','), namespace });
  opened.push(cache);
  return cache;
}

describe('placement of keys over several servers', () => {
  it('a third server takes about a third of the keys, and only keys that move to it move', () => {
    const two = cacheOn(NAMES.slice(0, 2));
    const three = cacheOn(NAMES);
    const moved = IDS.filter((id) => serverOf(two, id) !== serverOf(three, id));
    const share = moved.length / IDS.length;
    console.log(`2 -> 3 servers: ${(share * 100).toFixed(1)} % of ${IDS.length} keys moved`);
    // Consistent hashing moves 1/3 on average; a modulo placement moves 2/3.
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.42);
    expect(new Set(moved.map((id) => serverOf(three, id)))).toEqual(new Set([NAMES[2]]));
  });

  it('the same servers listed in another order place every key on the same server', () => {
    const caches = [
      cacheOn(NAMES),
      cacheOn([NAMES[2], NAMES[0], NAMES[1]] as string[]),
      cacheOn([...NAMES].reverse()),
    ];
    const [first, ...others] = caches as [MemcachePersonCache, ...MemcachePersonCache[]];
    const differ = IDS.filter((id) => others.some((c) => serverOf(c, id) !== serverOf(first, id)));
    expect(differ).toEqual([]);
    const spread = new Set(IDS.map((id) => serverOf(first, id)));
    expect(spread).toEqual(new Set(NAMES));
  });

  it('two services whose server lists differ only in order never serve what a write invalidated', async () => {
    // With a placement by position in the list (hash modulo n, as memjs does), each service
    // looks for most keys on a different server than the other: B fills one server, A's
    // invalidation deletes on another, and B serves the old row until the TTL ends it.
    const namespace = `ct-order-${randomBytes(4).toString('hex')}`;
    const servers = fleet.servers.split(',');
    const a = new CacheAsidePersonService({ db, cache: cacheOn(servers, namespace) });
    const b = new CacheAsidePersonService({
      db,
      cache: cacheOn([...servers].reverse(), namespace),
    });
    opened.push(a, b);
    const ids = Array.from({ length: 30 }, (_, n) => `order-${n}`);
    for (const id of ids) await db.create({ id, firstName: 'Old', lastName: 'Row' });
    for (const id of ids) await b.get(id);
    expect((await b.getMany(ids)).people.every((read) => read.source === 'cache')).toBe(true);

    const stale: string[] = [];
    for (const id of ids) {
      const updated = await a.update(id, { firstName: 'New' });
      if ((await b.get(id)).person.version !== updated.version) stale.push(id);
    }
    expect(stale).toEqual([]);
  });
});
