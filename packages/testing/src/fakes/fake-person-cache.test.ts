import { TOMBSTONE, UnavailableError, ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { FakePersonCache } from './fake-person-cache';

const ada = { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', version: 1 };

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('FakePersonCache', () => {
  it('stores values encoded with the model codec', async () => {
    const cache = new FakePersonCache();
    await cache.set('ada', { kind: 'person', person: ada }, 1000);
    expect(cache.raw('ada')).toMatch(/^ct1:P:\d+:\{"id":"ada"/);
    expect(await cache.get('ada')).toEqual({ kind: 'person', person: ada });
  });

  it('adds only when nothing is stored, and returns the token of what it stored', async () => {
    const cache = new FakePersonCache();
    const token = await cache.add('ada', { kind: 'lease', owner: 'me' }, 1000);
    expect(typeof token).toBe('bigint');
    expect(await cache.add('ada', { kind: 'lease', owner: 'you' }, 1000)).toBeUndefined();
    expect(await cache.getIdentifiable('ada')).toEqual({
      read: { kind: 'lease', owner: 'me' },
      token,
    });
  });

  it('puts only while the entry is the one the token was read with', async () => {
    const cache = new FakePersonCache();
    const token = await cache.add('ada', { kind: 'lease', owner: 'me' }, 1000);
    if (token === undefined) throw new Error('add did not store');
    await cache.delete('ada');
    await cache.add('ada', { kind: 'lease', owner: 'other' }, 1000);
    expect(await cache.putIfUntouched('ada', { kind: 'person', person: ada }, token, 1000)).toBe(
      false,
    );
    const current = await cache.getIdentifiable('ada');
    if (current.token === undefined) throw new Error('lease vanished');
    expect(await cache.putIfUntouched('ada', TOMBSTONE, current.token, 1000)).toBe(true);
    expect(await cache.get('ada')).toEqual({ kind: 'tombstone' });
  });

  it('expires entries at their TTL', async () => {
    const clock = manualClock();
    const cache = new FakePersonCache({ now: clock.now });
    await cache.set('ada', TOMBSTONE, 500);
    clock.advance(499);
    expect((await cache.get('ada')).kind).toBe('tombstone');
    clock.advance(1);
    expect((await cache.get('ada')).kind).toBe('miss');
    expect(cache.size).toBe(0);
  });

  it('with memcached granularity, an expired entry reads as a miss but still blocks add', async () => {
    const clock = manualClock();
    const cache = new FakePersonCache({ now: clock.now, storeExpiryGranularityMs: 1000 });
    await cache.add('ada', { kind: 'lease', owner: 'gone' }, 200);
    clock.advance(300);
    const read = await cache.getIdentifiable('ada');
    expect(read.read.kind).toBe('miss');
    expect(read.token).toBeTypeOf('bigint');
    expect(await cache.add('ada', TOMBSTONE, 1000)).toBeUndefined();
    clock.advance(700);
    expect(await cache.add('ada', TOMBSTONE, 1000)).toBeTypeOf('bigint');
  });

  it('reads a planted foreign value as corrupt', async () => {
    const cache = new FakePersonCache();
    cache.plant('ada', 'garbage');
    expect((await cache.get('ada')).kind).toBe('corrupt');
    expect((await cache.getMany(['ada', 'bob'])).get('bob')).toEqual({ kind: 'miss' });
  });

  it('rejects ids, TTLs and entries it cannot represent', async () => {
    const cache = new FakePersonCache();
    await expect(cache.get('')).rejects.toBeInstanceOf(ValidationError);
    await expect(cache.set('ada', TOMBSTONE, 0)).rejects.toMatchObject({ field: 'ttlMs' });
    await expect(cache.set('bob', { kind: 'person', person: ada }, 10)).rejects.toMatchObject({
      field: 'entry',
    });
    expect(cache.size).toBe(0);
  });

  it('fails every call with UnavailableError once closed', async () => {
    const cache = new FakePersonCache();
    await cache.close();
    await expect(cache.get('ada')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('offers the optional methods only when asked', () => {
    const plain = new FakePersonCache();
    expect([plain.getOrLease, plain.getManyOrLease, plain.serverOf]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const full = new FakePersonCache({ readOrLease: true, servers: ['s1', 's2'] });
    expect(typeof full.getOrLease).toBe('function');
    expect(typeof full.getManyOrLease).toBe('function');
    expect(typeof full.serverOf).toBe('function');
  });
});

describe('FakePersonCache read-or-lease', () => {
  it('of the callers that miss, exactly one wins the lease; the others see a lease', async () => {
    const cache = new FakePersonCache({ readOrLease: true });
    const reads = await Promise.all(
      Array.from({ length: 10 }, () => cache.getOrLease?.('ada', 1000)),
    );
    expect(reads.filter((r) => r?.kind === 'leased')).toHaveLength(1);
    expect(reads.filter((r) => r?.kind === 'lease')).toHaveLength(9);
    expect(cache.peek('ada').kind).toBe('lease');
  });

  it('the leased token fills once; a delete between lease and fill voids it', async () => {
    const cache = new FakePersonCache({ readOrLease: true });
    const first = await cache.getOrLease?.('ada', 1000);
    if (first?.kind !== 'leased') throw new Error('no lease');
    await cache.delete('ada');
    const entry = { kind: 'person', person: ada } as const;
    expect(await cache.putIfUntouched('ada', entry, first.token, 1000)).toBe(false);
    const second = await cache.getOrLease?.('ada', 1000);
    if (second?.kind !== 'leased') throw new Error('no second lease');
    expect(await cache.putIfUntouched('ada', entry, second.token, 1000)).toBe(true);
    expect(await cache.putIfUntouched('ada', entry, second.token, 1000)).toBe(false);
    expect(await cache.getOrLease?.('ada', 1000)).toEqual(entry);
  });

  it('a lease nobody fills expires after its TTL and can be won again', async () => {
    const clock = manualClock();
    const cache = new FakePersonCache({ now: clock.now, readOrLease: true });
    expect((await cache.getOrLease?.('ada', 100))?.kind).toBe('leased');
    clock.advance(99);
    expect((await cache.getOrLease?.('ada', 100))?.kind).toBe('lease');
    clock.advance(1);
    expect((await cache.getOrLease?.('ada', 100))?.kind).toBe('leased');
  });

  it('an entry in its refresh window hands exactly one caller the refresh', async () => {
    const clock = manualClock();
    const cache = new FakePersonCache({ now: clock.now, readOrLease: true, refreshWindowMs: 100 });
    const entry = { kind: 'person', person: ada } as const;
    await cache.set('ada', entry, 1000);
    expect(await cache.getOrLease?.('ada', 50)).toEqual(entry);
    clock.advance(901);
    const reads = await cache.getManyOrLease?.(['ada'], 50);
    const refresh = reads?.get('ada');
    if (refresh?.kind !== 'refresh') throw new Error(`no refresh: ${refresh?.kind}`);
    expect(refresh.entry).toEqual(entry);
    expect(await cache.getOrLease?.('ada', 50)).toEqual(entry);
    expect(await cache.putIfUntouched('ada', entry, refresh.token, 1000)).toBe(true);
    clock.advance(500);
    expect(await cache.getOrLease?.('ada', 50)).toEqual(entry);
  });

  it('an entry expired by its own clock that the store still holds is a plain miss', async () => {
    const clock = manualClock();
    const cache = new FakePersonCache({
      now: clock.now,
      readOrLease: true,
      storeExpiryGranularityMs: 1000,
    });
    await cache.set('ada', TOMBSTONE, 200);
    clock.advance(300);
    expect(await cache.getOrLease?.('ada', 50)).toEqual({ kind: 'miss' });
  });

  it('places each id on one of the named servers, the same one every time', () => {
    const cache = new FakePersonCache({ servers: ['s1', 's2', 's3'] });
    const ids = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const placed = ids.map((id) => cache.serverOf?.(id));
    expect(ids.map((id) => cache.serverOf?.(id))).toEqual(placed);
    for (const server of ['s1', 's2', 's3']) {
      expect(placed.filter((s) => s === server).length).toBeGreaterThan(50);
    }
    expect(() => new FakePersonCache({ servers: ['s1', 's1'] })).toThrow(ValidationError);
  });
});
