import { NotFoundError, UnavailableError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { ada, createFixture } from './service-fixture';

describe('cache-aside reads', () => {
  it('a miss reads the DB once and fills the cache; the next read is a hit', async () => {
    const { service, db, cache, fakeCache } = createFixture({ people: [ada] });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'cache' });
    expect(db.calls.get).toBe(1);
    expect(cache.calls).toMatchObject({ get: 2, add: 1, putIfUntouched: 1 });
    expect(service.stats()).toMatchObject({
      hits: 1,
      misses: 1,
      fills: 1,
      dbReads: 1,
      hitRatio: 0.5,
    });
  });

  it('fills with the person TTL, and a tombstone with the tombstone TTL', async () => {
    const { service, cache } = createFixture({ people: [ada], ttlMs: 12_345, tombstoneTtlMs: 678 });
    const ttls: number[] = [];
    const put = cache.putIfUntouched.bind(cache);
    cache.putIfUntouched = (id, entry, token, ttlMs) => {
      ttls.push(ttlMs);
      return put(id, entry, token, ttlMs);
    };
    await service.get('ada');
    await expect(service.get('nobody')).rejects.toBeInstanceOf(NotFoundError);
    expect(ttls).toEqual([12_345, 678]);
  });

  it('an unknown id is cached as a tombstone and answered from it', async () => {
    const { service, db, fakeCache } = createFixture();
    await expect(service.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(fakeCache.peek('ghost')).toEqual({ kind: 'tombstone' });
    await expect(service.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(db.calls.get).toBe(1);
    expect(service.stats()).toMatchObject({ hits: 1, tombstoneHits: 1, misses: 1 });
  });

  it('a create replaces the tombstone of its id', async () => {
    const { service } = createFixture();
    await expect(service.get('newbie')).rejects.toBeInstanceOf(NotFoundError);
    const created = await service.create({ id: 'newbie', firstName: 'New', lastName: 'Bie' });
    expect(await service.get('newbie')).toEqual({ person: created, source: 'db' });
  });

  it('1000 concurrent gets of a cold id cost one lease and one DB read', async () => {
    const { service, db, cache } = createFixture({ people: [ada] });
    const reads = await Promise.all(Array.from({ length: 1000 }, () => service.get('ada')));
    expect(reads.every((r) => r.person.version === 1)).toBe(true);
    expect(db.calls.get).toBe(1);
    expect(cache.calls.add).toBe(1);
    expect(service.stats()).toMatchObject({ misses: 1000, fills: 1, dbReads: 1 });
  });

  it('concurrent misses that fail in the DB all see the error, and the lease is given back', async () => {
    const { service, db, fakeCache } = createFixture({ people: [ada] });
    db.fail({ methods: ['get'] });
    const reads = await Promise.allSettled([service.get('ada'), service.get('ada')]);
    expect(reads.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((reads[0] as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
    expect(db.calls.get).toBe(1);
    expect(fakeCache.peek('ada').kind).toBe('miss');
    db.heal();
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
  });

  it('a corrupt value is counted, removed and replaced by a fill', async () => {
    const { service, fakeCache } = createFixture({ people: [ada] });
    fakeCache.plant('ada', 'not ours at all');
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
    expect(service.stats()).toMatchObject({ corruptEntries: 1, misses: 1, fills: 1 });
  });

  it('a person stored under another id is treated as corrupt', async () => {
    const { service, fakeCache } = createFixture({ people: [ada] });
    const bob = JSON.stringify({ id: 'bob', firstName: 'Bob', lastName: 'B', version: 9 });
    fakeCache.plant('ada', `ct1:P:${Date.now() + 60_000}:${bob}`);
    expect((await service.get('ada')).person).toEqual(ada);
    expect(service.stats().corruptEntries).toBe(1);
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
  });

  it('an expired lease the store still holds (memcached seconds) does not block the fill', async () => {
    let now = 1_000_000;
    const { service, fakeCache } = createFixture({
      people: [ada],
      cacheOptions: { now: () => now, storeExpiryGranularityMs: 1000 },
      leaseWait: { pollIntervalMs: 1, maxWaitMs: 50 },
    });
    await fakeCache.add('ada', { kind: 'lease', owner: 'crashed' }, 100);
    now += 200;
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
    expect(service.stats()).toMatchObject({ fills: 1, leaseWaits: 1 });
  });
});
