import { ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { ada, createFixture } from './service-fixture';

const a = { ...ada, id: 'a' };
const b = { ...ada, id: 'b' };
const c = { ...ada, id: 'c' };

describe('getMany', () => {
  it('uses one cache getMany and one DB getMany, and answers in request order', async () => {
    const { service, db, cache, fakeCache } = createFixture({ people: [a, b, c] });
    await service.get('a');
    db.resetCalls();
    cache.resetCalls();
    const read = await service.getMany(['c', 'a', 'x', 'b', 'a', 'x']);
    expect(read).toEqual({
      people: [
        { person: c, source: 'db' },
        { person: a, source: 'cache' },
        { person: b, source: 'db' },
      ],
      missing: ['x'],
    });
    expect(cache.calls).toMatchObject({ getMany: 1, get: 0, add: 3, putIfUntouched: 3 });
    expect(db.calls).toMatchObject({ getMany: 1, get: 0 });
    expect(fakeCache.peek('x')).toEqual({ kind: 'tombstone' });
    expect(service.stats()).toMatchObject({ hits: 1, misses: 4, fills: 4, dbReads: 2 });
  });

  it('a second batch is answered by the cache alone', async () => {
    const { service, db } = createFixture({ people: [a, b] });
    await service.getMany(['a', 'b', 'ghost']);
    db.resetCalls();
    const read = await service.getMany(['ghost', 'b', 'a']);
    expect(read.people.map((p) => p.source)).toEqual(['cache', 'cache']);
    expect(read.missing).toEqual(['ghost']);
    expect(db.calls.getMany).toBe(0);
    expect(service.stats().tombstoneHits).toBe(1);
  });

  it('ids leased by someone else or corrupt are read from the DB in the same query', async () => {
    const { service, db, fakeCache } = createFixture({ people: [a, b] });
    await fakeCache.add('a', { kind: 'lease', owner: 'elsewhere' }, 60_000);
    fakeCache.plant('b', 'garbage');
    const read = await service.getMany(['a', 'b']);
    expect(read.people.map((p) => p.person)).toEqual([a, b]);
    expect(db.calls.getMany).toBe(1);
    expect(fakeCache.peek('a')).toEqual({ kind: 'lease', owner: 'elsewhere' });
    expect(fakeCache.peek('b')).toEqual({ kind: 'person', person: b });
    expect(service.stats().corruptEntries).toBe(1);
  });

  it('with the cache down, one DB query answers the whole batch', async () => {
    const { service, db, cache } = createFixture({ people: [a, b] });
    cache.fail();
    const read = await service.getMany(['a', 'b', 'x']);
    expect(read.people.map((p) => p.source)).toEqual(['db', 'db']);
    expect(read.missing).toEqual(['x']);
    expect(db.calls.getMany).toBe(1);
    expect(service.stats().cacheErrors).toBe(1);
  });

  it('an empty batch touches no backend', async () => {
    const { service, db, cache } = createFixture();
    expect(await service.getMany([])).toEqual({ people: [], missing: [] });
    expect(db.calls.getMany + cache.calls.getMany).toBe(0);
  });

  it('refuses more ids than maxBatch, naming "ids"', async () => {
    const { service, db, cache } = createFixture({ maxBatch: 3 });
    const error = await service.getMany(['a', 'b', 'c', 'd']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'ids' });
    await expect(service.getMany(['a', 'b', 'c'])).resolves.toBeDefined();
    expect(cache.calls.getMany + db.calls.getMany).toBe(2);
  });
});
