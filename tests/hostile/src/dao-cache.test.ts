import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { type CacheEntry, MISS, type PersonCache, TOMBSTONE } from '@cachetoggle/model';
import { HOSTILE_IDS } from '@cachetoggle/testing/hostile';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoPrototypePollution } from './prototype-guard';
import { openRawMemcached } from './raw-memcached';
import { expectRejected } from './rejection';

const TTL_MS = 60_000;
const CANARY: CacheEntry = {
  kind: 'person',
  person: { id: 'canary-1', firstName: 'Ada', lastName: 'Lovelace', version: 1 },
};
const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });

const keyable = HOSTILE_IDS.filter((e) => e.cacheKey === 'accept');
const unkeyable = HOSTILE_IDS.filter((e) => e.cacheKey === 'reject');
const cases = (entries: typeof HOSTILE_IDS) => entries.map((e) => [e.label, e] as const);

const CACHES = [
  {
    name: 'MemcachePersonCache',
    open: (namespace: string) =>
      new MemcachePersonCache({ servers: inject('memcacheServers'), namespace }),
  },
  { name: 'KeyvPersonCache', open: (namespace: string) => new KeyvPersonCache({ namespace }) },
];

describe.each(CACHES)('dao-cache: $name', ({ name, open }) => {
  let cache: PersonCache;

  beforeAll(async () => {
    cache = open(`${inject('memcacheNamespace')}-${name}`);
    await cache.set('canary-1', CANARY, TTL_MS);
  });
  afterAll(() => cache.close());

  // The connection still answers, and the canary entry is untouched.
  afterEach(async () => {
    expect(await cache.get('canary-1')).toEqual(CANARY);
    expectNoPrototypePollution();
  });

  it.for(cases(keyable))('id %s is keyed safely and round-trips', async ([, entry]) => {
    const id = entry.value as string;
    await cache.set(id, lease('first'), TTL_MS);
    expect(await cache.get(id)).toEqual(lease('first'));
    const { read, token } = await cache.getIdentifiable(id);
    expect(read).toEqual(lease('first'));
    expect(await cache.putIfUntouched(id, TOMBSTONE, token as bigint, TTL_MS)).toBe(true);
    expect(await cache.getMany([id, 'canary-1'])).toEqual(
      new Map([
        [id, TOMBSTONE],
        ['canary-1', CANARY],
      ]),
    );
    await cache.delete(id);
    expect(await cache.get(id)).toEqual(MISS);
    expect(typeof (await cache.add(id, lease('second'), TTL_MS))).toBe('bigint');
    expect(await cache.add(id, lease('third'), TTL_MS)).toBeUndefined();
    if (entry.outcome === 'accept') {
      const person: CacheEntry = {
        kind: 'person',
        person: { id, firstName: 'Hostile', lastName: 'Id', version: 1 },
      };
      await cache.set(id, person, TTL_MS);
      expect(await cache.get(id)).toEqual(person);
    }
    await cache.delete(id);
  });

  it('every keyable id has a key of its own', async () => {
    const ids = keyable.map((e) => e.value as string);
    await Promise.all(ids.map((id, i) => cache.set(id, lease(`owner-${i}`), TTL_MS)));
    const reads = await cache.getMany(ids);
    const singles = await Promise.all(ids.map((id) => cache.get(id)));
    await Promise.all(ids.map((id) => cache.delete(id)));
    expect(ids.map((id) => reads.get(id))).toEqual(ids.map((_, i) => lease(`owner-${i}`)));
    expect(singles).toEqual(ids.map((_, i) => lease(`owner-${i}`)));
  });

  it.for(cases(unkeyable))('id %s is rejected before anything is sent', async ([, entry]) => {
    const id = entry.value as string;
    await expectRejected(() => cache.get(id), 'id');
    await expectRejected(() => cache.getMany([id]), 'id');
    await expectRejected(() => cache.getMany(['canary-1', id]), 'id');
    await expectRejected(() => cache.getIdentifiable(id), 'id');
    await expectRejected(() => cache.set(id, TOMBSTONE, TTL_MS), 'id');
    await expectRejected(() => cache.add(id, lease('x'), TTL_MS), 'id');
    await expectRejected(() => cache.putIfUntouched(id, TOMBSTONE, 1n, TTL_MS), 'id');
    await expectRejected(() => cache.delete(id), 'id');
  });
});

describe.each(CACHES)('dao-cache: $name, hostile arguments other than ids', ({ name, open }) => {
  let cache: PersonCache;
  beforeAll(async () => {
    cache = open(`${inject('memcacheNamespace')}-${name}-args`);
    await cache.set('canary-1', CANARY, TTL_MS);
  });
  afterAll(() => cache.close());
  afterEach(async () => {
    expect(await cache.get('canary-1')).toEqual(CANARY);
  });

  it.for([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e20, '1000', null, 10n])(
    'a TTL of %s is rejected naming ttlMs',
    async (ttl) => {
      const ttlMs = ttl as number;
      await expectRejected(() => cache.set('canary-1', TOMBSTONE, ttlMs), 'ttlMs');
      await expectRejected(() => cache.add('fresh', TOMBSTONE, ttlMs), 'ttlMs');
      await expectRejected(() => cache.putIfUntouched('canary-1', TOMBSTONE, 1n, ttlMs), 'ttlMs');
    },
  );

  it.for([
    ['null', null],
    ['an empty object', {}],
    ['a string in our format', 'ct1:T:9999999999999'],
    ['an unknown kind', { kind: 'admin' }],
    ['a person without a person', { kind: 'person' }],
    ['a person of another id', { kind: 'person', person: { ...CANARY.person, id: 'other' } }],
    ['a lease without an owner', { kind: 'lease', owner: '' }],
    ['a lease whose owner is a number', { kind: 'lease', owner: 5 }],
  ] as const)('an entry that is %s is rejected naming entry', async ([, entry]) => {
    const bad = entry as unknown as CacheEntry;
    await expectRejected(() => cache.set('canary-1', bad, TTL_MS), 'entry');
    await expectRejected(() => cache.add('fresh', bad, TTL_MS), 'entry');
  });

  it.for([0n, -1n, 2n ** 128n, 1, '1', null])(
    'a CAS token of %s is rejected naming token',
    async (token) => {
      await expectRejected(
        () => cache.putIfUntouched('canary-1', TOMBSTONE, token as bigint, TTL_MS),
        'token',
      );
    },
  );

  it.for([
    ['a string', 'ada'],
    ['null', null],
    ['an array-like object', { length: 1, 0: 'ada' }],
    ['a Set', new Set(['ada'])],
  ] as const)('getMany of %s is rejected naming ids', async ([, ids]) => {
    await expectRejected(() => cache.getMany(ids as unknown as string[]), 'ids');
  });
});

describe('dao-cache: memcached protocol injection', () => {
  it('no id written through MemcachePersonCache reaches memcached as a command', async () => {
    const servers = inject('memcacheServers');
    const cache = new MemcachePersonCache({
      servers,
      namespace: `${inject('memcacheNamespace')}-injection`,
    });
    const raw = openRawMemcached(servers);
    try {
      for (const entry of keyable) {
        const id = entry.value as string;
        await cache.set(id, lease('x'), TTL_MS);
        await cache.add(id, lease('y'), TTL_MS);
        await cache.delete(id);
      }
      // One of the ids carries "\r\nset ct-hostile-injected 0 0 1\r\nx".
      expect(await raw.get('ct-hostile-injected')).toBeNull();
    } finally {
      raw.close();
      await cache.close();
    }
  });
});
