import { UnavailableError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { ChaosPersonCache } from './chaos-person-cache';
import { ChaosPersonDb } from './chaos-person-db';
import { FakePersonCache } from './fake-person-cache';
import { FakePersonDb } from './fake-person-db';

const ada = { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', version: 1 };

describe('chaos wrappers', () => {
  it('count calls per method and pass them through', async () => {
    const db = new ChaosPersonDb(new FakePersonDb([ada]));
    expect(await db.get('ada')).toEqual(ada);
    await db.getMany(['ada']);
    await db.get('bob');
    expect(db.calls).toMatchObject({ get: 2, getMany: 1, update: 0 });
    db.resetCalls();
    expect(db.calls.get).toBe(0);
  });

  it('fail the chosen methods until healed', async () => {
    const cache = new ChaosPersonCache(new FakePersonCache());
    cache.fail({ methods: ['get'] });
    await expect(cache.get('ada')).rejects.toBeInstanceOf(UnavailableError);
    await expect(cache.delete('ada')).resolves.toBeUndefined();
    cache.heal();
    await expect(cache.get('ada')).resolves.toEqual({ kind: 'miss' });
  });

  it('fail a given number of calls with a given error', async () => {
    const cache = new ChaosPersonCache(new FakePersonCache());
    cache.fail({ times: 2, error: () => new TypeError('driver bug') });
    await expect(cache.get('a')).rejects.toBeInstanceOf(TypeError);
    await expect(cache.get('a')).rejects.toBeInstanceOf(TypeError);
    await expect(cache.get('a')).resolves.toEqual({ kind: 'miss' });
  });

  it('hang calls until resumed, then apply them', async () => {
    const inner = new FakePersonCache();
    const cache = new ChaosPersonCache(inner);
    cache.hang({ methods: ['set'] });
    let settled = false;
    const write = cache.set('ada', { kind: 'person', person: ada }, 1000).then(() => {
      settled = true;
    });
    await cache.get('ada');
    expect(settled).toBe(false);
    expect(inner.peek('ada').kind).toBe('miss');
    cache.resume();
    await write;
    expect(inner.peek('ada').kind).toBe('person');
  });

  it('hold a matching call at its start until released', async () => {
    const db = new ChaosPersonDb(new FakePersonDb([ada]));
    const paused = db.pause('update', (id) => id === 'ada');
    const update = db.update('ada', { firstName: 'Augusta' });
    expect(await paused.reached).toEqual(['ada', { firstName: 'Augusta' }, undefined]);
    expect((await db.get('ada'))?.version).toBe(1);
    paused.release();
    expect((await update).version).toBe(2);
    expect(db.calls.update).toBe(1);
  });

  it('fail a held call on request', async () => {
    const db = new ChaosPersonDb(new FakePersonDb([ada]));
    const paused = db.pause('get');
    const read = db.get('ada');
    await paused.reached;
    paused.fail();
    await expect(read).rejects.toBeInstanceOf(UnavailableError);
    expect(await db.get('ada')).toEqual(ada);
  });

  it('fail and hang only the calls that touch the keys of the chosen servers', async () => {
    const inner = new FakePersonCache({ readOrLease: true, servers: ['s1', 's2'] });
    const cache = new ChaosPersonCache(inner);
    const onS1 = ['a', 'b', 'c', 'd', 'e'].find((id) => inner.serverOf?.(id) === 's1') as string;
    const onS2 = ['a', 'b', 'c', 'd', 'e'].find((id) => inner.serverOf?.(id) === 's2') as string;
    expect(cache.serverOf?.(onS1)).toBe('s1');
    cache.fail({ servers: ['s1'] });
    await expect(cache.getOrLease?.(onS1, 1000)).rejects.toBeInstanceOf(UnavailableError);
    await expect(cache.getManyOrLease?.([onS2, onS1], 1000)).rejects.toBeInstanceOf(
      UnavailableError,
    );
    expect((await cache.getOrLease?.(onS2, 1000))?.kind).toBe('leased');
    cache.heal();
    cache.hang({ servers: ['s2'], methods: ['delete'] });
    let deleted = false;
    const hung = cache.delete(onS2).then(() => {
      deleted = true;
    });
    await cache.delete(onS1);
    expect(deleted).toBe(false);
    cache.resume();
    await hung;
    expect(cache.calls).toMatchObject({ getOrLease: 2, getManyOrLease: 1, delete: 2 });
  });

  it('offer the optional methods only when the wrapped cache does', () => {
    const plain = new ChaosPersonCache(new FakePersonCache());
    expect([plain.getOrLease, plain.getManyOrLease, plain.serverOf]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
