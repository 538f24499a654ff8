import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { type CacheEntry, isCacheToggleError, type Person } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openRealStack, type RealStack } from './real-stack';
import { expectRejected } from './rejection';

const ids = (n: number, prefix = 'id') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const TTL_MS = 60_000;

describe('limit: ids per getMany', () => {
  let stack: RealStack;
  beforeAll(async () => {
    stack = await openRealStack('limits', { service: { maxBatch: 5 } });
  });
  afterAll(() => stack.close());

  it('the service takes maxBatch ids and refuses one more, before any backend call', async () => {
    expect(await stack.service.getMany(ids(5))).toMatchObject({ missing: ids(5) });
    const calls = stack.backendCalls();
    await expectRejected(() => stack.service.getMany(ids(6)), 'ids');
    await expect(stack.service.getMany(ids(6))).rejects.toThrow(/at most 5 ids, got 6/);
    expect(stack.backendCalls()).toBe(calls);
  });

  it('the service refuses a maxBatch outside 1..100000', () => {
    const { db, cache } = stack;
    for (const maxBatch of [0, -1, 1.5, 100_001, Number.NaN]) {
      expect(() => new CacheAsidePersonService({ db, cache, maxBatch })).toThrow(/maxBatch/);
    }
  });

  it('MysqlPersonDb takes maxIdsPerQuery distinct ids (duplicates count once)', async () => {
    const db = await MysqlPersonDb.open({ url: inject('databaseUrl'), maxIdsPerQuery: 3 });
    try {
      await db.migrate();
      expect((await db.getMany(['a', 'b', 'c', 'a', 'b'])).size).toBe(0);
      await expectRejected(() => db.getMany(['a', 'b', 'c', 'd']), 'ids');
      await expect(db.getMany(ids(4))).rejects.toThrow(/at most 3 ids, got 4/);
    } finally {
      await db.close();
    }
  });
});

describe('limit: connection pool size', () => {
  it('a full pool makes callers wait, then fail with a clear UnavailableError', async () => {
    const url = inject('databaseUrl');
    const db = await MysqlPersonDb.open({ url, poolSize: 1, connectTimeoutMs: 300 });
    const locker = await mysql.createConnection(url);
    try {
      await db.migrate();
      await db.create({ id: 'pool-row', firstName: 'P', lastName: 'R' });
      // Twenty reads queue for the one connection and all succeed.
      const reads = await Promise.all(ids(20).map(() => db.get('pool-row')));
      expect(reads.every((p) => p?.id === 'pool-row')).toBe(true);
      // An update waiting for a row lock holds the only connection…
      await locker.query('START TRANSACTION');
      await locker.query("SELECT * FROM person WHERE id = 'pool-row' FOR UPDATE");
      const update = db.update('pool-row', { firstName: 'Q' });
      // …so the next caller gets no connection, and says so.
      const error = await db.get('pool-row').catch((e: unknown) => e);
      expect(isCacheToggleError(error) && error.code).toBe('UNAVAILABLE');
      expect((error as Error).message).toBe('db unavailable: no connection within 300 ms');
      await locker.query('ROLLBACK');
      expect(await update).toMatchObject({ firstName: 'Q', version: 2 });
      expect(await db.get('pool-row')).toMatchObject({ firstName: 'Q' });
    } finally {
      await locker.end();
      await db.close();
    }
  });
});

describe('limit: value size', () => {
  const big = (owner: number): CacheEntry => ({ kind: 'lease', owner: 'o'.repeat(owner) });

  it('a value over maxValueBytes is refused with a ValidationError before it is sent', async () => {
    const memcache = new MemcachePersonCache({
      servers: inject('memcacheServers'),
      namespace: `${inject('memcacheNamespace')}-limits`,
      maxValueBytes: 100,
    });
    const keyv = new KeyvPersonCache({ maxValueBytes: 100 });
    try {
      for (const cache of [memcache, keyv]) {
        await cache.set('v', big(50), TTL_MS);
        await expectRejected(() => cache.set('v', big(200), TTL_MS), 'entry');
        await expectRejected(() => cache.add('w', big(200), TTL_MS), 'entry');
        expect(await cache.get('v')).toEqual(big(50));
      }
    } finally {
      await Promise.all([memcache.close(), keyv.close()]);
    }
  });

  it("a value over memcached's own 1 MiB item limit is a ValidationError, and the cache goes on", async () => {
    const cache = new MemcachePersonCache({
      servers: inject('memcacheServers'),
      namespace: `${inject('memcacheNamespace')}-limits-server`,
      maxValueBytes: 4 * 1024 * 1024,
    });
    try {
      await expectRejected(() => cache.set('huge', big(1536 * 1024), TTL_MS), 'entry');
      await cache.set('small', big(10), TTL_MS);
      expect(await cache.get('small')).toEqual(big(10));
    } finally {
      await cache.close();
    }
  });

  describe('a person too large for the cache is stored in the DB and served, not cached', () => {
    let stack: RealStack;
    let people: Person[];
    beforeAll(async () => {
      // A person is at most ~800 bytes encoded; 200 bytes makes long names too large to cache.
      stack = await openRealStack('limits-value', { maxValueBytes: 200 });
      const name = '\u{1f600}'.repeat(40);
      people = [];
      // One read alone, and six (more than the breaker's threshold of 5) for a batch.
      for (const id of ids(7, 'too-big')) {
        people.push(await stack.service.create({ id, firstName: name, lastName: name }));
      }
    });
    afterAll(() => stack.close());

    it('every read is answered from the DB at once: no lease left to wait for, no cache error', async () => {
      const [person] = people as [Person];
      const started = Date.now();
      for (let i = 0; i < 10; i++) {
        expect(await stack.service.get(person.id)).toEqual({ person, source: 'db' });
      }
      const stats = stack.service.stats();
      expect({ leaseWaits: stats.leaseWaits, cacheErrors: stats.cacheErrors }).toEqual({
        leaseWaits: 0,
        cacheErrors: 0,
      });
      expect(Date.now() - started).toBeLessThan(400);
    });

    it('a batch of them does not open the circuit: small people are still cached', async () => {
      const batch = people.slice(1);
      const read = await stack.service.getMany(batch.map((p) => p.id));
      expect(read.people).toEqual(batch.map((person) => ({ person, source: 'db' })));
      expect(stack.service.stats().breakerState).toBe('closed');
      await stack.service.create({ id: 'small', firstName: 'S', lastName: 'M' });
      await stack.service.get('small');
      expect((await stack.service.get('small')).source).toBe('cache');
    });
  });
});
