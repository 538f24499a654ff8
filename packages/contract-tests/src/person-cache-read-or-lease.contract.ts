import { type PersonCache, ValidationError } from '@cachetoggle/model';
import { INVALID_TTLS, MINUTE, person, TOMBSTONE } from './cache-entries';
import type { ContractTestRunner } from './test-runner';

/**
 * What a cache offering `getOrLease`, `getManyOrLease` and `serverOf` promises (memcached's
 * read that takes a lease on a miss, in one round trip). Part of `personCacheContract` when the
 * cache declares `readOrLease`; `current` gives the suite's cache once it is open, `freshId`
 * an id no other test uses.
 */
export function personCacheReadOrLeaseContract(
  runner: ContractTestRunner,
  current: () => PersonCache,
  freshId: (label?: string) => string,
): void {
  const { describe, it, expect } = runner;
  describe('read-or-lease: getOrLease, getManyOrLease, serverOf', () => {
    const leasing = () => {
      const cache = current();
      const { getOrLease, getManyOrLease, serverOf } = cache;
      if (!getOrLease || !getManyOrLease || !serverOf) {
        throw new Error('the cache declares readOrLease but lacks a method');
      }
      return {
        getOrLease: getOrLease.bind(cache),
        getManyOrLease: getManyOrLease.bind(cache),
        serverOf: serverOf.bind(cache),
      };
    };

    it('of 10 racing getOrLease on a missing key exactly one is leased, the others see a lease', async () => {
      const api = leasing();
      for (let round = 0; round < 20; round++) {
        const id = freshId('lease-race');
        const reads = await Promise.all(
          Array.from({ length: 10 }, () => api.getOrLease(id, MINUTE)),
        );
        expect(reads.filter((read) => read.kind === 'leased')).toHaveLength(1);
        expect(reads.filter((read) => read.kind === 'lease')).toHaveLength(9);
      }
    });

    it('the leased token fills once; readers then get the value', async () => {
      const api = leasing();
      const cache = current();
      const id = freshId();
      const read = await api.getOrLease(id, MINUTE);
      if (read.kind !== 'leased') throw new Error(`expected leased, got ${read.kind}`);
      expect((await api.getOrLease(id, MINUTE)).kind).toBe('lease');
      expect(await cache.putIfUntouched(id, person(id), read.token, MINUTE)).toBe(true);
      expect(await cache.putIfUntouched(id, TOMBSTONE, read.token, MINUTE)).toBe(false);
      expect(await api.getOrLease(id, MINUTE)).toEqual(person(id));
      expect(await cache.get(id)).toEqual(person(id));
    });

    it('a delete between lease and fill voids the fill, and the next reader leases anew', async () => {
      const api = leasing();
      const cache = current();
      const id = freshId();
      const read = await api.getOrLease(id, MINUTE);
      if (read.kind !== 'leased') throw new Error(`expected leased, got ${read.kind}`);
      await cache.delete(id);
      expect(await cache.putIfUntouched(id, person(id), read.token, MINUTE)).toBe(false);
      expect(await cache.get(id)).toEqual({ kind: 'miss' });
      const again = await api.getOrLease(id, MINUTE);
      expect(again.kind).toBe('leased');
      if (again.kind !== 'leased') return;
      expect(await cache.putIfUntouched(id, TOMBSTONE, again.token, MINUTE)).toBe(true);
      expect(await cache.get(id)).toEqual(TOMBSTONE);
    });

    it('a hit far from its expiry is served as it is', async () => {
      const api = leasing();
      const cache = current();
      const [hit, tomb] = [freshId(), freshId()];
      await cache.set(hit, person(hit), MINUTE);
      await cache.set(tomb, TOMBSTONE, MINUTE);
      expect(await api.getOrLease(hit, MINUTE)).toEqual(person(hit));
      expect(await api.getOrLease(tomb, MINUTE)).toEqual(TOMBSTONE);
    });

    it('getManyOrLease answers every id once: hits, a lease for each miss, duplicates; nothing for no ids', async () => {
      const api = leasing();
      const cache = current();
      const [hit, tomb, missA, missB] = [freshId(), freshId(), freshId(), freshId()];
      await cache.set(hit, person(hit), MINUTE);
      await cache.set(tomb, TOMBSTONE, MINUTE);
      const reads = await api.getManyOrLease([hit, missA, tomb, missB, hit, missA], MINUTE);
      expect([...reads.keys()].sort()).toEqual([hit, missA, tomb, missB].sort());
      expect(reads.get(hit)).toEqual(person(hit));
      expect(reads.get(tomb)).toEqual(TOMBSTONE);
      const leased = [reads.get(missA), reads.get(missB)];
      for (const read of leased) expect(read?.kind).toBe('leased');
      expect((await api.getManyOrLease([missA], MINUTE)).get(missA)?.kind).toBe('lease');
      const token = leased[0]?.kind === 'leased' ? leased[0].token : 0n;
      expect(await cache.putIfUntouched(missA, person(missA), token, MINUTE)).toBe(true);
      expect(await api.getManyOrLease([], MINUTE)).toEqual(new Map());
    });

    it('rejects a lease TTL that is not a whole number of ms from 1 to 10 years', async () => {
      const api = leasing();
      for (const ttl of INVALID_TTLS) {
        await expect(api.getOrLease(freshId(), ttl as number)).rejects.toBeInstanceOf(
          ValidationError,
        );
        await expect(api.getManyOrLease([freshId()], ttl as number)).rejects.toBeInstanceOf(
          ValidationError,
        );
      }
    });

    it('serverOf names a server, the same one every time for the same id', () => {
      const api = leasing();
      const ids = Array.from({ length: 50 }, () => freshId());
      const first = ids.map((id) => api.serverOf(id));
      for (const name of first) expect(name).toMatch(/\S/);
      expect(ids.map((id) => api.serverOf(id))).toEqual(first);
    });
  });
}
