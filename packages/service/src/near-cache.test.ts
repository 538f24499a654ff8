import { describe, expect, it } from 'vitest';
import { NearCache } from './near-cache';
import { ada } from './service-fixture';

function nearCache(maxEntries = 3, ttlMs = 1_000) {
  const clock = { now: 0 };
  const near = new NearCache({ maxEntries, ttlMs }, () => clock.now);
  near.open();
  return { near, clock };
}

const person = (id: string) => ({ ...ada, id });

describe('NearCache', () => {
  it('keeps a person or an absence for ttlMs, and not a moment longer', () => {
    const { near, clock } = nearCache();
    near.set('ada', ada, near.ticket());
    near.set('gone', undefined, near.ticket());
    clock.now = 999;
    expect(near.get('ada')).toEqual({ person: ada, expiresAt: 1_000 });
    expect(near.get('gone')).toMatchObject({ person: undefined });
    clock.now = 1_000;
    expect(near.get('ada')).toBeUndefined();
    expect(near.get('gone')).toBeUndefined();
  });

  it('evicts the oldest inserted entry past maxEntries', () => {
    const { near } = nearCache(2);
    for (const id of ['a', 'b', 'c']) near.set(id, person(id), near.ticket());
    expect(near.get('a')).toBeUndefined();
    expect(near.get('b')?.person?.id).toBe('b');
    expect(near.get('c')?.person?.id).toBe('c');
    // Set again, an entry is the newest: 'c' goes before 'b' now.
    near.set('b', person('b'), near.ticket());
    near.set('d', person('d'), near.ticket());
    expect([near.get('b'), near.get('c'), near.get('d')].map((e) => e?.person?.id)).toEqual([
      'b',
      undefined,
      'd',
    ]);
  });

  it('drop forgets the id', () => {
    const { near } = nearCache();
    near.set('ada', ada, near.ticket());
    near.drop('ada');
    expect(near.get('ada')).toBeUndefined();
  });

  it('refuses what a read that began before a drop of its id found, and only for that id', () => {
    const { near } = nearCache();
    const ticket = near.ticket();
    near.drop('ada');
    near.set('ada', ada, ticket);
    near.set('bob', person('bob'), ticket);
    expect(near.get('ada')).toBeUndefined();
    expect(near.get('bob')).toBeDefined();
    near.set('ada', ada, near.ticket());
    expect(near.get('ada')).toBeDefined();
  });

  it('once it forgets old drops, refuses every read that began before them', () => {
    const { near } = nearCache(2);
    const old = near.ticket();
    for (const id of ['a', 'b', 'c']) near.drop(id);
    near.set('z', person('z'), old);
    expect(near.get('z')).toBeUndefined();
    const fresh = near.ticket();
    near.set('z', person('z'), fresh);
    expect(near.get('z')).toBeDefined();
  });

  it('dropAround drops before and after the work, even when it fails', async () => {
    const { near } = nearCache();
    near.set('ada', ada, near.ticket());
    let during: number | undefined;
    await expect(
      near.dropAround(['ada'], async () => {
        expect(near.get('ada')).toBeUndefined();
        during = near.ticket();
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    near.set('ada', ada, during ?? 0);
    expect(near.get('ada')).toBeUndefined();
  });

  it('keeps nothing until opened, nor what a read that began before found', () => {
    const near = new NearCache({ maxEntries: 3, ttlMs: 1_000 });
    // Forgetting old drops does not open it either.
    for (const id of ['a', 'b', 'c', 'd']) near.drop(id);
    const before = near.ticket();
    near.set('ada', ada, before);
    expect(near.get('ada')).toBeUndefined();
    near.open();
    near.set('ada', ada, before);
    expect(near.get('ada')).toBeUndefined();
    near.set('ada', ada, near.ticket());
    expect(near.get('ada')).toBeDefined();
  });
});
