import { NotFoundError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { ada, createFixture } from './service-fixture';

const cacheCalls = (calls: Record<string, number>) =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);

describe('the useDb toggle', () => {
  it('DB mode neither reads nor fills the cache', async () => {
    const { service, cache, db } = createFixture({ people: [ada], useDb: true });
    expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
    await expect(service.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(await service.getMany(['ada', 'ghost'])).toEqual({
      people: [{ person: ada, source: 'db' }],
      missing: ['ghost'],
    });
    expect(cacheCalls(cache.calls)).toBe(0);
    expect(db.calls).toMatchObject({ get: 2, getMany: 1 });
    expect(service.stats()).toMatchObject({ hits: 0, misses: 0, dbReads: 3 });
  });

  it('DB mode ignores what the cache holds', async () => {
    const { service, fakeCache } = createFixture({ people: [ada] });
    await fakeCache.set('ada', { kind: 'person', person: { ...ada, firstName: 'Cached' } }, 60_000);
    service.setMode({ useDb: true });
    expect((await service.get('ada')).person).toEqual(ada);
  });

  it('a per-call useDb overrides the mode in both directions', async () => {
    const { service, cache } = createFixture({ people: [ada] });
    expect(await service.get('ada', { useDb: true })).toEqual({ person: ada, source: 'db' });
    expect(cacheCalls(cache.calls)).toBe(0);
    service.setMode({ useDb: true });
    await service.get('ada', { useDb: false });
    expect(await service.get('ada', { useDb: false })).toEqual({ person: ada, source: 'cache' });
    expect(service.mode()).toEqual({ useDb: true });
  });

  it('writes invalidate the cache in both modes', async () => {
    for (const useDb of [false, true]) {
      const { service, cache, fakeCache } = createFixture({ people: [ada] });
      await service.get('ada', { useDb: false });
      service.setMode({ useDb });
      cache.resetCalls();
      await service.update('ada', { lastName: 'King' });
      expect(cache.calls.delete).toBe(1);
      expect(fakeCache.peek('ada').kind).toBe('miss');
      await fakeCache.set('ada', { kind: 'person', person: ada }, 60_000);
      await service.delete('ada');
      expect(cache.calls.delete).toBe(2);
      expect(fakeCache.peek('ada').kind).toBe('miss');
      await fakeCache.set('bob', { kind: 'tombstone' }, 60_000);
      await service.create({ id: 'bob', firstName: 'Bob', lastName: 'Byte' });
      expect(fakeCache.peek('bob').kind).toBe('miss');
    }
  });

  it('an update made in DB mode is what a read returns after switching back', async () => {
    const { service } = createFixture({ people: [ada] });
    expect((await service.get('ada')).person.version).toBe(1);
    expect((await service.get('ada')).source).toBe('cache');
    service.setMode({ useDb: true });
    const updated = await service.update('ada', { firstName: 'Augusta' });
    service.setMode({ useDb: false });
    expect((await service.get('ada')).person).toEqual(updated);
    expect(await service.get('ada')).toEqual({ person: updated, source: 'cache' });
  });
});
