import { NotFoundError, UnavailableError, ValidationError } from '@cachetoggle/model';
import { describe, expect, it, vi } from 'vitest';
import {
  ada,
  createFixture,
  holdFirstAt,
  READ_OR_LEASE_PATH,
  secondService,
} from './service-fixture';

const readOrLease = READ_OR_LEASE_PATH.cacheOptions;

/** A manual clock for the fake cache (the service's own timers keep real time). */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('reads on a cache that reads and leases in one request', () => {
  it('a miss costs one getOrLease and one putIfUntouched', async () => {
    const { service, cache, db } = createFixture({ people: [ada], cacheOptions: readOrLease });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(cache.calls).toMatchObject({
      getOrLease: 1,
      putIfUntouched: 1,
      get: 0,
      getIdentifiable: 0,
      add: 0,
      delete: 0,
    });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'cache' });
    expect(cache.calls).toMatchObject({ getOrLease: 2, putIfUntouched: 1 });
    expect(db.calls.get).toBe(1);
    expect(service.stats()).toMatchObject({ hits: 1, misses: 1, fills: 1, dbReads: 1 });
  });

  it('1000 concurrent gets of a cold id cost one lease, one DB read and one fill', async () => {
    const { service, db, cache } = createFixture({ people: [ada], cacheOptions: readOrLease });
    const reads = await Promise.all(Array.from({ length: 1000 }, () => service.get('ada')));
    expect(reads.every((r) => r.person.version === 1)).toBe(true);
    expect(db.calls.get).toBe(1);
    expect(cache.calls).toMatchObject({ getOrLease: 1000, putIfUntouched: 1, delete: 0 });
    expect(service.stats()).toMatchObject({ misses: 1000, fills: 1, dbReads: 1 });
  });

  it('an unknown id is filled as a tombstone with the tombstone TTL', async () => {
    const { service, cache, fakeCache } = createFixture({
      cacheOptions: readOrLease,
      tombstoneTtlMs: 678,
    });
    const ttls: number[] = [];
    const put = cache.putIfUntouched.bind(cache);
    cache.putIfUntouched = (id, entry, token, ttlMs) => {
      ttls.push(ttlMs);
      return put(id, entry, token, ttlMs);
    };
    await expect(service.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(fakeCache.peek('ghost')).toEqual({ kind: 'tombstone' });
    await expect(service.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(ttls).toEqual([678]);
    expect(service.stats()).toMatchObject({ hits: 1, tombstoneHits: 1, misses: 1, dbReads: 1 });
  });

  it('an expired value the cache still holds is removed and the lease taken again', async () => {
    const clock = manualClock();
    const { service, cache, fakeCache } = createFixture({
      people: [ada],
      cacheOptions: { ...readOrLease, now: clock.now, storeExpiryGranularityMs: 1000 },
    });
    await fakeCache.set('ada', { kind: 'tombstone' }, 100);
    clock.advance(200);
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(cache.calls).toMatchObject({ getOrLease: 2, delete: 1, putIfUntouched: 1 });
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
  });

  it('a corrupt value is counted, removed and replaced by a fill', async () => {
    const { service, fakeCache } = createFixture({ people: [ada], cacheOptions: readOrLease });
    fakeCache.plant('ada', 'not ours at all');
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: ada });
    expect(service.stats()).toMatchObject({ corruptEntries: 1, misses: 1, fills: 1 });
  });

  it('a value the cache rejects gives the lease back, and is no cache error', async () => {
    const { service, cache, fakeCache } = createFixture({
      people: [ada],
      cacheOptions: readOrLease,
    });
    cache.fail({
      methods: ['putIfUntouched'],
      error: () => new ValidationError('entry', 'too large'),
    });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(cache.calls.delete).toBe(1);
    expect(fakeCache.peek('ada').kind).toBe('miss');
    expect(service.stats()).toMatchObject({ cacheErrors: 0, fills: 0, breakerState: 'closed' });
  });

  it('a DB failure gives the lease back and reaches every waiting reader', async () => {
    const { service, db, fakeCache } = createFixture({ people: [ada], cacheOptions: readOrLease });
    db.fail({ methods: ['get'] });
    const reads = await Promise.allSettled([service.get('ada'), service.get('ada')]);
    expect(reads.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((reads[0] as PromiseRejectedResult).reason).toBeInstanceOf(UnavailableError);
    expect(db.calls.get).toBe(1);
    expect(fakeCache.peek('ada').kind).toBe('miss');
  });

  it('a reader that wins a lease fills it even while another reader here waits on an older lease', async () => {
    const hold = holdFirstAt('before-fill');
    const fixture = createFixture({ people: [ada], hooks: hold.hooks, cacheOptions: readOrLease });
    const other = secondService(fixture, { leaseWait: { pollIntervalMs: 1, maxWaitMs: 5_000 } });
    const holder = fixture.service.get('ada');
    await hold.reached;
    let calls = 0;
    const poll = other.cache.pause('getOrLease', () => ++calls === 2);
    const waiter = other.service.get('ada');
    await poll.reached;
    // The first lease is gone (expired, say): the next reader of the other process wins anew.
    await fixture.fakeCache.delete('ada');
    expect(await other.service.get('ada')).toEqual({ person: ada, source: 'db' });
    expect(other.service.stats().fills).toBe(1);
    poll.release();
    expect(await waiter).toEqual({ person: ada, source: 'cache' });
    hold.release();
    await holder;
    expect(fixture.service.stats().fillRacesLost).toBe(1);
  });

  it('getMany: one getManyOrLease, one DB getMany, and a fill per miss', async () => {
    const b = { ...ada, id: 'b' };
    const { service, cache, db, fakeCache } = createFixture({
      people: [ada, b],
      cacheOptions: readOrLease,
    });
    await service.get('ada');
    cache.resetCalls();
    const read = await service.getMany(['b', 'ada', 'x']);
    expect(read).toEqual({
      people: [
        { person: b, source: 'db' },
        { person: ada, source: 'cache' },
      ],
      missing: ['x'],
    });
    expect(cache.calls).toMatchObject({ getManyOrLease: 1, putIfUntouched: 2, getOrLease: 0 });
    expect(db.calls.getMany).toBe(1);
    expect(fakeCache.peek('x')).toEqual({ kind: 'tombstone' });
  });
});

describe('refresh ahead of expiry', () => {
  function refreshing() {
    const clock = manualClock();
    const fixture = createFixture({
      people: [ada],
      ttlMs: 10_000,
      cacheOptions: { ...readOrLease, now: clock.now, refreshWindowMs: 1_000 },
    });
    return { ...fixture, clock };
  }

  it('a refresh serves the old entry and fills once', async () => {
    const { service, cache, db, fakeDb, fakeCache, clock } = refreshing();
    await service.get('ada');
    // The DB moved on behind the cache's back (an invalidation lost): the refresh catches up.
    const newer = await fakeDb.update('ada', { lastName: 'King' });
    clock.advance(9_500);
    const fill = cache.pause('putIfUntouched');
    const reads = await Promise.all(Array.from({ length: 5 }, () => service.get('ada')));
    expect(reads.every((r) => r.source === 'cache' && r.person.version === 1)).toBe(true);
    await fill.reached;
    expect((await service.getMany(['ada'])).people).toEqual([{ person: ada, source: 'cache' }]);
    fill.release();
    await vi.waitFor(() => expect(service.stats().fills).toBe(2));
    expect(service.stats()).toMatchObject({ refreshes: 1, refreshFailures: 0, hits: 6 });
    expect(db.calls.get).toBe(2);
    expect(cache.calls.putIfUntouched).toBe(2);
    clock.advance(1_000);
    expect(fakeCache.peek('ada')).toEqual({ kind: 'person', person: newer });
    expect(await service.get('ada')).toEqual({ person: newer, source: 'cache' });
  });

  it('a write during a refresh wins over it', async () => {
    const { service, cache, fakeCache, clock } = refreshing();
    await service.get('ada');
    clock.advance(9_500);
    const fill = cache.pause('putIfUntouched');
    await service.get('ada');
    await fill.reached;
    const updated = await service.update('ada', { firstName: 'Augusta' });
    fill.release();
    await vi.waitFor(() => expect(service.stats().fillRacesLost).toBe(1));
    expect(fakeCache.peek('ada').kind).toBe('miss');
    expect(await service.get('ada')).toEqual({ person: updated, source: 'db' });
  });

  it('at most one refresh of an id runs in a process', async () => {
    const { service, cache, fakeCache, clock } = refreshing();
    await service.get('ada');
    clock.advance(9_500);
    const fill = cache.pause('putIfUntouched');
    await service.get('ada');
    await fill.reached;
    // A new item in its window: the cache offers its refresh to this process again.
    await fakeCache.set('ada', { kind: 'person', person: ada }, 500);
    expect((await service.get('ada')).source).toBe('cache');
    expect(service.stats().refreshes).toBe(1);
    fill.release();
    await vi.waitFor(() => expect(service.stats().fillRacesLost).toBe(1));
  });

  it('a refresh whose DB read fails is counted and logged, never thrown', async () => {
    const { service, db, logger, clock } = refreshing();
    await service.get('ada');
    clock.advance(9_500);
    db.fail({ methods: ['get'] });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'cache' });
    await vi.waitFor(() => expect(service.stats().refreshFailures).toBe(1));
    expect(logger.warnings.some((w) => /refresh failed/.test(w.msg))).toBe(true);
    db.heal();
    expect(await service.get('ada')).toEqual({ person: ada, source: 'cache' });
  });
});
