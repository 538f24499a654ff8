import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { Person } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BreakerWatch } from './breaker-watch';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// Two instances reach memcached through a proxy the test controls; the writer's invalidation
// fails during the outage and its retry queue is then lost with it. The reader never wrote the
// id, and learns of the write only from the outbox.
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
  namespace = `ct-oo-${randomBytes(4).toString('hex')}`;
  direct = new MemcachePersonCache({ servers: memcached.servers, namespace });
});

afterAll(async () => {
  for (const o of opened.reverse()) await o.close();
  await Promise.allSettled([direct?.close(), db?.close(), proxy?.close()]);
  await Promise.allSettled([database?.drop(), memcached?.stop()]);
});

function serviceThroughProxy() {
  const cache = new MemcachePersonCache({ servers: `127.0.0.1:${proxy.port}`, namespace });
  const watch = new BreakerWatch();
  const service = new CacheAsidePersonService({
    db,
    cache,
    hooks: watch.hooks,
    breaker: { failureThreshold: 2, cooldownMs: 200 },
    outbox: { pollIntervalMs: 20 },
  });
  const close = async () => {
    await service.close();
    await cache.close();
  };
  opened.push({ close });
  return { service, watch, close };
}

describe('a write whose invalidation failed and whose writer is gone', () => {
  it('another instance learns it from the outbox and reads the server again only after delivering it', async () => {
    const writer = serviceThroughProxy();
    const reader = serviceThroughProxy();
    const id = `oo-${randomBytes(6).toString('hex')}`;
    const old: Person = await db.create({ id, firstName: 'Old', lastName: 'Row' });
    await expect
      .poll(async () => (await reader.service.get(id)).source, { timeout: 5000 })
      .toBe('cache');

    await proxy.setMode('refuse');
    const updated = await writer.service.update(id, { firstName: 'New' });
    expect(writer.service.stats().pendingInvalidations).toBe(1);
    await writer.close();
    expect(await direct.get(id)).toEqual({ kind: 'person', person: old });

    // The reader's follower tries the row, fails, and holds it like a write of its own.
    await expect.poll(() => reader.service.stats().pendingInvalidations, { timeout: 5000 }).toBe(1);
    expect((await reader.service.get(id)).person).toEqual(updated);

    const closed = reader.watch.next('closed', 10_000);
    await proxy.setMode('pass');
    await closed;
    for (let i = 0; i < 20; i++) expect((await reader.service.get(id)).person).toEqual(updated);
    await expect.poll(() => reader.service.stats().pendingInvalidations, { timeout: 5000 }).toBe(0);
    expect(await direct.get(id)).not.toEqual({ kind: 'person', person: old });
    expect((await reader.service.get(id)).person).toEqual(updated);
  });
});
