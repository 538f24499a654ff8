import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { Person } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BreakerWatch } from './breaker-watch';
import { type ProxyMode, startTcpProxy, type TcpProxy } from './tcp-proxy';

// The service reaches memcached through a proxy the test controls, so memcached keeps its
// entries (the stale ones included) while the service cannot delete them. The test reads the
// raw entries with a cache client of its own that bypasses the proxy.
let memcached: MemcachedProcess;
let proxy: TcpProxy;
let database: TestDatabase;
let db: MysqlPersonDb;
let direct: MemcachePersonCache;
let namespace: string;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  memcached = await startMemcached();
  proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: memcached.port } });
  database = await createTestDatabase('ct_fault');
  db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
  await db.migrate();
  namespace = `ct-ir-${randomBytes(4).toString('hex')}`;
  direct = new MemcachePersonCache({ servers: memcached.servers, namespace });
});

afterAll(async () => {
  for (const o of opened) await o.close();
  await Promise.allSettled([direct?.close(), db?.close(), proxy?.close()]);
  await Promise.allSettled([database?.drop(), memcached?.stop()]);
});

beforeEach(async () => {
  await proxy.setMode('pass');
});

/** A service whose cache traffic goes through the proxy. */
function serviceThroughProxy(
  options: Partial<ConstructorParameters<typeof CacheAsidePersonService>[0]> = {},
) {
  const cache = new MemcachePersonCache({ servers: `127.0.0.1:${proxy.port}`, namespace });
  const watch = new BreakerWatch();
  const service = new CacheAsidePersonService({
    db,
    cache,
    hooks: watch.hooks,
    breaker: { cooldownMs: 200 },
    ...options,
  });
  opened.push({
    close: async () => {
      await service.close();
      await cache.close();
    },
  });
  return { service, watch };
}

async function cachedPerson(id: string): Promise<Person> {
  const person = await db.create({ id, firstName: 'Old', lastName: 'Row' });
  return person;
}

const freshId = () => `ir-${randomBytes(6).toString('hex')}`;

describe.each<ProxyMode>(['refuse', 'hang'])('memcached unreachable (%s)', (mode) => {
  it('a write still succeeds, its failed invalidation is retried on recovery, no stale read', async () => {
    const { service } = serviceThroughProxy();
    const id = freshId();
    const old = await cachedPerson(id);
    await service.get(id);
    expect(await direct.get(id)).toEqual({ kind: 'person', person: old });

    await proxy.setMode(mode);
    const updated = await service.update(id, { firstName: 'New' });
    expect(updated.version).toBe(old.version + 1);
    expect(service.stats().pendingInvalidations).toBe(1);
    // The stale entry is still in memcached: the delete never reached it...
    expect(await direct.get(id)).toEqual({ kind: 'person', person: old });
    // ...but this instance knows and reads past it.
    expect((await service.get(id)).person).toEqual(updated);

    // One failure does not open the breaker; the retry timer (with backoff) brings it back.
    await proxy.setMode('pass');
    await expect.poll(() => service.stats().pendingInvalidations, { timeout: 10_000 }).toBe(0);
    expect((await direct.get(id)).kind).not.toBe('person');
    expect((await service.get(id)).person).toEqual(updated);
    expect(service.stats().invalidationRetries).toBeGreaterThanOrEqual(1);
  });
});

describe('memcached unreachable long enough to open the breaker', () => {
  it('invalidations wait while it is open and are retried when it closes', async () => {
    const { service, watch } = serviceThroughProxy({
      breaker: { failureThreshold: 2, cooldownMs: 200 },
    });
    const id = freshId();
    const old = await cachedPerson(id);
    await service.get(id);

    await proxy.setMode('refuse');
    const opened = watch.next('open', 5000);
    const other = freshId();
    await cachedPerson(other);
    await service.get(other);
    await service.get(other);
    await opened;
    const updated = await service.update(id, { lastName: 'Changed' });
    expect(service.stats().pendingInvalidations).toBe(1);
    expect(await direct.get(id)).toEqual({ kind: 'person', person: old });

    const closed = watch.next('closed', 10_000);
    await proxy.setMode('pass');
    await closed;
    await expect.poll(() => service.stats().pendingInvalidations, { timeout: 5000 }).toBe(0);
    expect((await direct.get(id)).kind).not.toBe('person');
    expect((await service.get(id)).person).toEqual(updated);
  });
});

describe('an invalidation that is finally lost', () => {
  it('leaves a stale entry for at most the TTL', async () => {
    const ttlMs = 1500;
    const { service } = serviceThroughProxy({ ttlMs, invalidationRetry: { capacity: 1 } });
    const [first, second] = [freshId(), freshId()];
    const old = await cachedPerson(first);
    await cachedPerson(second);
    await service.get(first);
    const filledAt = Date.now();
    await service.get(second);

    await proxy.setMode('refuse');
    const updated = await service.update(first, { firstName: 'New' });
    await service.update(second, { firstName: 'New' });
    // The queue holds one id: the first invalidation was dropped to make room for the second.
    expect(service.stats().invalidationsDropped).toBe(1);
    expect(await direct.get(first)).toEqual({ kind: 'person', person: old });

    // Another instance on the same memcached serves the stale row until the TTL ends it.
    const other = new CacheAsidePersonService({ db, cache: direct });
    opened.push(other);
    expect((await other.get(first)).person).toEqual(old);
    await new Promise((resolve) => setTimeout(resolve, filledAt + ttlMs + 50 - Date.now()));
    expect((await other.get(first)).person).toEqual(updated);
  });
});
