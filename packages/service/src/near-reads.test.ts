import { NotFoundError, ValidationError } from '@cachetoggle/model';
import {
  ChaosPersonCache,
  createDeferred,
  FakePersonCache,
  FakePersonDb,
} from '@cachetoggle/testing/fakes';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';
import { ada, createFixture, holdFirstAt } from './service-fixture';
import type { CacheAsidePersonServiceOptions } from './service-options';

const bob = { ...ada, id: 'bob', firstName: 'Bob' };

/** A service with a near cache over a fake database with an outbox, followed every 5 ms. */
async function nearService(options: Partial<CacheAsidePersonServiceOptions> = {}) {
  const db = new FakePersonDb([ada, bob]);
  const cache = new ChaosPersonCache(new FakePersonCache());
  const outboxReads = vi.spyOn(db, 'readInvalidations');
  const service = new CacheAsidePersonService({
    db,
    cache,
    outbox: { pollIntervalMs: 5 },
    nearCache: {},
    ...options,
  });
  onTestFinished(() => service.close());
  // Resolves once a whole follower round has run after the call.
  const oneRound = async () => {
    const after = outboxReads.mock.calls.length;
    await vi.waitFor(() => expect(outboxReads.mock.calls.length).toBeGreaterThan(after + 1));
  };
  // The near cache keeps nothing before the follower has found the end of the outbox: its
  // second read comes after.
  await vi.waitFor(() => expect(outboxReads.mock.calls.length).toBeGreaterThan(1));
  return { service, db, cache, oneRound };
}

function cacheReads(cache: ChaosPersonCache): number {
  return cache.calls.get + cache.calls.getMany;
}

describe('the near cache', () => {
  it('serves a person or an absence it read without a cache call, as cache hits', async () => {
    const { service, cache } = await nearService();
    expect((await service.get('ada')).source).toBe('db');
    await expect(service.get('nobody')).rejects.toBeInstanceOf(NotFoundError);
    cache.resetCalls();
    expect(await service.get('ada')).toEqual({ person: ada, source: 'cache' });
    await expect(service.get('nobody')).rejects.toBeInstanceOf(NotFoundError);
    expect(cacheReads(cache)).toBe(0);
    expect(service.stats()).toMatchObject({ nearHits: 2, tombstoneHits: 1, hits: 2 });
  });

  it('getMany answers what it holds and reads the rest, in the order asked', async () => {
    const { service, cache } = await nearService();
    await service.get('bob');
    cache.resetCalls();
    const read = await service.getMany(['ada', 'nobody', 'bob']);
    expect(read.people.map((p) => [p.person.id, p.source])).toEqual([
      ['ada', 'db'],
      ['bob', 'cache'],
    ]);
    expect(read.missing).toEqual(['nobody']);
    expect(cache.calls.getMany).toBe(1);
    cache.resetCalls();
    const again = await service.getMany(['nobody', 'ada', 'bob']);
    expect(again.people.map((p) => p.source)).toEqual(['cache', 'cache']);
    expect(again.missing).toEqual(['nobody']);
    expect(cacheReads(cache)).toBe(0);
    expect(service.stats().nearHits).toBe(4);
  });

  it('useDb bypasses it', async () => {
    const { service, db } = await nearService();
    await service.get('ada');
    db.seed({ ...ada, firstName: 'Direct', version: 2 });
    expect((await service.get('ada', { useDb: true })).person.firstName).toBe('Direct');
    expect((await service.getMany(['ada'], { useDb: true })).people[0]?.source).toBe('db');
    expect(service.stats().nearHits).toBe(0);
  });

  it("drops an id at this process's write", async () => {
    const { service } = await nearService();
    await service.get('ada');
    await service.update('ada', { firstName: 'Augusta' });
    expect((await service.get('ada')).person.firstName).toBe('Augusta');
    await service.delete('ada');
    await expect(service.get('ada')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('does not keep what a read found when a write of that id came in during the read', async () => {
    const hold = holdFirstAt('db-read');
    const { service } = await nearService({ hooks: hold.hooks });
    const reading = service.get('ada');
    await hold.reached;
    await service.update('ada', { firstName: 'Augusta' });
    hold.release();
    expect((await reading).person.firstName).toBe('Ada');
    expect((await service.get('ada')).person.firstName).toBe('Augusta');
  });

  it("drops an id within one follower round of another process's outbox row", async () => {
    const { service, db, oneRound } = await nearService();
    await oneRound();
    await service.get('ada');
    expect((await service.get('ada')).source).toBe('cache');
    // Another process committed without touching this one's caches; its row is all there is.
    db.seed({ ...ada, firstName: 'Elsewhere', version: 2 });
    await oneRound();
    expect((await service.get('ada')).person.firstName).toBe('Ada');
    db.recordInvalidation('ada');
    await oneRound();
    expect((await service.get('ada')).person.firstName).toBe('Elsewhere');
  });

  it('keeps nothing before the follower has found the end of the outbox', async () => {
    const db = new FakePersonDb([ada]);
    const read = db.readInvalidations.bind(db);
    const gate = createDeferred();
    const outboxReads = vi.spyOn(db, 'readInvalidations').mockImplementation(async (...args) => {
      await gate.promise;
      return read(...args);
    });
    const cache = new FakePersonCache();
    const service = new CacheAsidePersonService({ db, cache, nearCache: {} });
    // Closing waits for the follower's read: the gate must be open by then, pass or fail.
    onTestFinished(() => {
      gate.resolve();
      return service.close();
    });
    await vi.waitFor(() => expect(outboxReads).toHaveBeenCalled());
    await service.get('ada');
    await service.get('ada');
    expect(service.stats().nearHits).toBe(0);
    gate.resolve();
    await vi.waitFor(() => expect(outboxReads.mock.calls.length).toBeGreaterThan(1));
    await service.get('ada');
    await service.get('ada');
    expect(service.stats().nearHits).toBe(1);
  });

  it('expires an entry after ttlMs even with no outbox row', async () => {
    const { service, db, cache } = await nearService({ nearCache: { ttlMs: 20 } });
    await service.get('ada');
    db.seed({ ...ada, firstName: 'Elsewhere', version: 2 });
    await cache.delete('ada');
    await vi.waitFor(async () =>
      expect((await service.get('ada')).person.firstName).toBe('Elsewhere'),
    );
  });

  it('is refused without an outbox to follow, and with a bad option', () => {
    // The fixture's database wraps the fake in one without the outbox methods.
    expect(() => createFixture({ nearCache: {} })).toThrow(/^nearCache: needs a database/);
    const db = new FakePersonDb([]);
    expect(() => createFixture({ db, outbox: false, nearCache: {} })).toThrow(ValidationError);
    expect(() => createFixture({ db, nearCache: { ttlMs: 0 } })).toThrow(/^nearCache\.ttlMs: /);
    expect(() => createFixture({ nearCache: false })).not.toThrow();
  });
});
