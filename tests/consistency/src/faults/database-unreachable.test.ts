import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { type Person, UnavailableError } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import {
  connectToTestServer,
  createTestDatabase,
  type TestDatabase,
} from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findLostWrites } from '../checker/lost-writes';
import { type WriteRecord, wallClockMs } from '../checker/operation-log';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

// The service reaches MariaDB through a proxy the test controls (the machine's MariaDB is never
// stopped): `refuse` looks like a server that is down, `hang` like one that stopped answering,
// `cutAll` like a network cut. The test's own connection (`direct`) bypasses the proxy.
const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 500;
const QUERY_TIMEOUT_MS = 1000;

let memcached: MemcachedProcess;
let database: TestDatabase;
let proxy: TcpProxy;
let direct: MysqlPersonDb;
let db: MysqlPersonDb;
let cache: MemcachePersonCache;
let service: CacheAsidePersonService;

beforeAll(async () => {
  memcached = await startMemcached();
  database = await createTestDatabase('ct_fault');
  direct = await MysqlPersonDb.open({ url: database.url, poolSize: 2 });
  await direct.migrate();
  const target = new URL(database.url);
  proxy = await startTcpProxy({
    target: { host: target.hostname, port: Number(target.port || 3306) },
  });
  const throughProxy = new URL(database.url);
  throughProxy.hostname = '127.0.0.1';
  throughProxy.port = String(proxy.port);
  db = await MysqlPersonDb.open({
    url: throughProxy.toString(),
    poolSize: POOL_SIZE,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
  cache = new MemcachePersonCache({
    servers: memcached.servers,
    namespace: `ct-du-${randomBytes(4).toString('hex')}`,
  });
  service = new CacheAsidePersonService({ db, cache });
});

afterAll(async () => {
  await service?.close();
  await Promise.allSettled([cache?.close(), db?.close(), direct?.close(), proxy?.close()]);
  await Promise.allSettled([database?.drop(), memcached?.stop()]);
});

beforeEach(async () => {
  await proxy.setMode('pass');
});

const freshId = () => `du-${randomBytes(6).toString('hex')}`;

/** People that exist, read once through the service so that the cache holds them. */
async function cachedPeople(n: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const person = await direct.create({ id: freshId(), firstName: 'Cached', lastName: 'Row' });
    await service.get(person.id);
    people.push(person);
  }
  return people;
}

/** Resolves with the call's rejection and how long it took to arrive. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the call to fail');
}

describe('MariaDB down (connections refused)', () => {
  it('cached reads keep working, the rest fails fast with UnavailableError, then recovers', async () => {
    const cached = await cachedPeople(3);
    const uncached = await direct.create({ id: freshId(), firstName: 'Not', lastName: 'Cached' });
    await proxy.setMode('refuse');

    for (const person of cached) {
      expect(await service.get(person.id)).toEqual({ person, source: 'cache' });
    }
    const many = await service.getMany(cached.map((p) => p.id));
    expect(many.people.map((read) => read.source)).toEqual(['cache', 'cache', 'cache']);

    const calls: (() => Promise<unknown>)[] = [
      () => service.get(uncached.id),
      () => service.get(uncached.id, { useDb: true }),
      () => service.getMany([(cached[0] as Person).id, uncached.id]),
      () => service.create({ firstName: 'New', lastName: 'Person' }),
      () => service.update((cached[1] as Person).id, { firstName: 'Changed' }),
      () => service.delete((cached[2] as Person).id),
    ];
    for (const call of calls) {
      const { error, ms } = await failure(call);
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as UnavailableError).backend).toBe('db');
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS);
    }

    await proxy.setMode('pass');
    expect((await service.get(uncached.id)).person).toEqual(uncached);
    const updated = await service.update(uncached.id, { firstName: 'Back' });
    expect(await direct.get(uncached.id)).toEqual(updated);
  });
});

describe('MariaDB hung (accepts, never answers)', () => {
  it('requests fail within the time limits while cached reads keep working, then recovers', async () => {
    const [person] = await cachedPeople(1);
    const uncached = await direct.create({ id: freshId(), firstName: 'Not', lastName: 'Cached' });
    await proxy.setMode('hang');

    expect(await service.get((person as Person).id)).toEqual({ person, source: 'cache' });
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: POOL_SIZE * 2 }, () => service.get(uncached.id, { useDb: true })),
    );
    const elapsed = performance.now() - started;
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
    }
    // Each call waits at most for a connection and then for its query.
    expect(elapsed).toBeLessThan(CONNECT_TIMEOUT_MS + QUERY_TIMEOUT_MS + 500);
    expect(await service.get((person as Person).id)).toEqual({ person, source: 'cache' });

    await proxy.setMode('pass');
    expect((await service.get(uncached.id)).person).toEqual(uncached);
  });
});

describe('MariaDB connections cut mid-request', () => {
  it('calls in flight fail with UnavailableError or succeed, and the next ones work', async () => {
    const people = await Promise.all(
      Array.from({ length: 6 }, () =>
        direct.create({ id: freshId(), firstName: 'Cut', lastName: 'Row' }),
      ),
    );
    const inFlight = people.flatMap((p) => [
      service.get(p.id, { useDb: true }),
      service.update(p.id, { firstName: 'During' }),
    ]);
    proxy.cutAll();
    for (const result of await Promise.allSettled(inFlight)) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(UnavailableError);
    }
    for (const p of people) {
      expect((await service.get(p.id)).person).toEqual(await direct.get(p.id));
    }
  });
});

describe('after the faults', () => {
  it('no connection leaked: at most the pool size is open', async () => {
    const person = await direct.create({ id: freshId(), firstName: 'Leak', lastName: 'Check' });
    await Promise.all(Array.from({ length: 50 }, () => service.get(person.id, { useDb: true })));
    expect(proxy.openConnections).toBeLessThanOrEqual(POOL_SIZE);
    const admin = await connectToTestServer();
    try {
      const [rows] = await admin.query(
        'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?',
        [database.name],
      );
      // Ours through the proxy, plus the test's direct pool.
      expect((rows as { n: number }[])[0]?.n).toBeLessThanOrEqual(POOL_SIZE + 2);
    } finally {
      await admin.end();
    }
  });

  it('no lost writes: every write acknowledged during the faults is in the database', async () => {
    const id = freshId();
    const created = await direct.create({ id, firstName: 'W0', lastName: 'L0' });
    const writes: WriteRecord[] = [
      {
        kind: 'create',
        id,
        startedAt: 0,
        endedAt: 0,
        outcome: 'acked',
        lifetime: 'L0',
        version: 1,
      },
    ];
    const faults = (async () => {
      for (const step of [
        'refuse',
        'pass',
        'cut',
        'hang',
        'pass',
        'cut',
        'refuse',
        'pass',
      ] as const) {
        if (step === 'cut') proxy.cutAll();
        else await proxy.setMode(step);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    let done = false;
    void faults.finally(() => {
      done = true;
    });
    for (let i = 1; !done; i++) {
      const firstName = `W${i}`;
      const startedAt = wallClockMs();
      try {
        const row = await service.update(id, { firstName });
        writes.push({
          kind: 'update',
          id,
          startedAt,
          endedAt: wallClockMs(),
          outcome: 'acked',
          firstName,
          lifetime: row.lastName,
          version: row.version,
        });
      } catch (error) {
        expect(error).toBeInstanceOf(UnavailableError);
        writes.push({
          kind: 'update',
          id,
          startedAt,
          endedAt: wallClockMs(),
          outcome: 'unknown',
          firstName,
        });
      }
    }
    await faults;
    const acked = writes.filter((w) => w.outcome === 'acked').length;
    expect(acked).toBeGreaterThan(1);
    const final = await direct.get(id);
    expect(final?.version).toBeGreaterThan(created.version);
    expect(findLostWrites(writes, new Map([[id, final as Person]]))).toEqual([]);
  });

  it('closing the database frees every connection (runs last)', async () => {
    await service.close();
    await db.close();
    await expect.poll(() => proxy.openConnections).toBe(0);
  });
});
