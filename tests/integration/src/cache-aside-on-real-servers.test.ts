import { NotFoundError } from '@cachetoggle/model';
import type { ProtocolStep } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRealStack, type RealStack, uniqueId } from './real-stack';

describe('the service on real MariaDB and memcached', () => {
  let stack: RealStack;
  beforeAll(async () => {
    stack = await openRealStack();
  });
  afterAll(() => stack.close());

  it('a first read comes from the db, the next from the cache', async () => {
    const { service } = stack;
    const ada = await service.create({
      id: uniqueId('ada'),
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect((await service.get(ada.id)).source).toBe('db');
    const second = await service.get(ada.id);
    expect(second).toEqual({ person: ada, source: 'cache' });
  });

  it('in db mode reads neither read nor fill the cache; the per-call option overrides the mode', async () => {
    const { service, cache } = stack;
    const p = await service.create({ firstName: 'Grace', lastName: 'Hopper' });
    service.setMode({ useDb: true });
    try {
      expect((await service.get(p.id)).source).toBe('db');
      expect((await service.get(p.id)).source).toBe('db');
      expect((await cache.get(p.id)).kind).toBe('miss');
      expect((await service.get(p.id, { useDb: false })).source).toBe('db');
      expect((await service.get(p.id, { useDb: false })).source).toBe('cache');
    } finally {
      service.setMode({ useDb: false });
    }
  });

  it('an update made in db mode is what a read returns after switching back', async () => {
    const { service } = stack;
    const p = await service.create({ firstName: 'Alan', lastName: 'Turing' });
    await service.get(p.id);
    expect((await service.get(p.id)).source).toBe('cache');
    service.setMode({ useDb: true });
    const updated = await service.update(p.id, { lastName: 'Mathison Turing' }, p.version);
    service.setMode({ useDb: false });
    expect((await service.get(p.id)).person).toEqual(updated);
  });

  it('a deleted person never comes back from the cache, and unknown ids are tombstoned', async () => {
    const { service, cache } = stack;
    const p = await service.create({ firstName: 'Edsger', lastName: 'Dijkstra' });
    await service.get(p.id);
    await service.delete(p.id, p.version);
    await expect(service.get(p.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await cache.get(p.id)).kind).toBe('tombstone');
    await expect(service.get(p.id)).rejects.toBeInstanceOf(NotFoundError);
    const recreated = await service.create({ id: p.id, firstName: 'E', lastName: 'D' });
    expect((await service.get(p.id)).person).toEqual(recreated);
  });

  it('getMany answers hits, misses and unknown ids in request order', async () => {
    const { service } = stack;
    const a = await service.create({ firstName: 'A', lastName: 'A' });
    const b = await service.create({ firstName: 'B', lastName: 'B' });
    await service.get(a.id);
    const unknown = uniqueId('nobody');
    const read = await service.getMany([b.id, unknown, a.id, b.id]);
    expect(read.people.map((r) => [r.person.id, r.source])).toEqual([
      [b.id, 'db'],
      [a.id, 'cache'],
    ]);
    expect(read.missing).toEqual([unknown]);
    expect((await service.getMany([a.id, b.id])).people.every((r) => r.source === 'cache')).toBe(
      true,
    );
  });
});

describe('the lease protocol on real servers', () => {
  it('a reader that read the DB before a write commits cannot fill its stale value', async () => {
    let releaseReader!: () => void;
    let readerAtFill!: () => void;
    const atFill = new Promise<void>((resolve) => {
      readerAtFill = resolve;
    });
    const release = new Promise<void>((resolve) => {
      releaseReader = resolve;
    });
    let pauseId = '';
    // A generous cache timeout: this test is about the race, and a fill that times out on a
    // loaded machine would count as neither a fill nor a lost race.
    const reader = await openRealStack({
      cacheTimeoutMs: 2000,
      hooks: {
        onStep: (step: ProtocolStep, id: string) => {
          if (step === 'before-fill' && id === pauseId) {
            readerAtFill();
            return release;
          }
        },
      },
    });
    const writer = await openRealStack();
    try {
      const p = await writer.service.create({ firstName: 'Old', lastName: 'Value' });
      pauseId = p.id;
      const staleRead = reader.service.get(p.id);
      await atFill;
      const updated = await writer.service.update(p.id, { firstName: 'New' });
      releaseReader();
      expect((await staleRead).person.version).toBe(p.version);
      expect(reader.service.stats().fillRacesLost).toBe(1);
      const cached = await writer.cache.get(p.id);
      expect(cached.kind === 'person' ? cached.person : undefined).not.toEqual(p);
      expect((await writer.service.get(p.id)).person).toEqual(updated);
      expect((await reader.service.get(p.id)).person).toEqual(updated);
    } finally {
      releaseReader();
      await reader.close();
      await writer.close();
    }
  });

  it('1000 concurrent reads of a cold id cost one DB read', async () => {
    const stack = await openRealStack();
    try {
      const p = await stack.service.create({ firstName: 'Cold', lastName: 'Start' });
      const before = stack.service.stats().dbReads;
      const reads = await Promise.all(Array.from({ length: 1000 }, () => stack.service.get(p.id)));
      expect(reads.every((r) => r.person.version === p.version)).toBe(true);
      expect(stack.service.stats().dbReads - before).toBe(1);
    } finally {
      await stack.close();
    }
  });
});
