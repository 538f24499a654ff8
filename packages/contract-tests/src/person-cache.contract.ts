import { randomBytes } from 'node:crypto';
import {
  type CacheRead,
  MAX_CACHE_TTL_MS,
  MAX_VERSION,
  type PersonCache,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { INVALID_TTLS, lease, MINUTE, person, TOMBSTONE } from './cache-entries';
import { personCacheReadOrLeaseContract } from './person-cache-read-or-lease.contract';
import { personCacheSharedStoreContract } from './person-cache-shared-store.contract';
import type { ContractTestRunner } from './test-runner';
import { collisionProneIds, mixedIds } from './troublesome-ids';

/** A cache ready for use, and how to dispose of what `open` created. */
export interface OpenedPersonCache {
  readonly cache: PersonCache;
  /** Runs after the suite has closed `cache`. */
  readonly cleanup?: () => Promise<void>;
  /**
   * Stores `raw` under the key of `id` behind the codec's back (foreign or damaged bytes). When
   * absent, the corrupt-value test plants a person the codec cannot read back instead.
   */
  readonly writeRaw?: (id: string, raw: string | Buffer) => Promise<void>;
}

const FORTY_DAYS = 40 * 24 * 60 * MINUTE;
const RACES = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a cache offers beyond the required methods; its contract runs for what it declares. */
export interface PersonCacheCapabilities {
  /** `getOrLease`, `getManyOrLease` and `serverOf` (all three or none); default false. */
  readonly readOrLease?: boolean;
  /**
   * The store forgets an entry at its TTL rounded up to this many milliseconds; default 1. A
   * store that counts whole seconds (memcached) and does not check expiry itself says 1000, and
   * the expiry test then waits for the rounded-up time.
   */
  readonly ttlGranularityMs?: number;
  /**
   * Every `open` returns a cache over the same store, as the processes of a fleet share one
   * memcached; default false. The suite then checks that one cache sees what another wrote.
   */
  readonly sharedStore?: boolean;
}

/**
 * The `PersonCache` contract, written once and run against every implementation (as keyv's
 * test suite is run against every store), on the test runner passed in (`import * as vitest
 * from 'vitest'`). `open` is called once for the suite and once more for the close test (and,
 * with `sharedStore`, for a second cache); every test uses ids of its own, so the store may be
 * shared and non-empty.
 */
export function personCacheContract(
  runner: ContractTestRunner,
  name: string,
  open: () => Promise<OpenedPersonCache>,
  capabilities: PersonCacheCapabilities = {},
): void {
  const { describe, it, expect, beforeAll, afterAll } = runner;
  const { readOrLease = false, ttlGranularityMs = 1, sharedStore = false } = capabilities;
  if (!Number.isSafeInteger(ttlGranularityMs) || ttlGranularityMs < 1) {
    throw new RangeError('ttlGranularityMs must be a whole number of milliseconds, at least 1');
  }
  const shortTtlMs = 200;
  const shortLivedMs = Math.ceil(shortTtlMs / ttlGranularityMs) * ttlGranularityMs;
  describe(name, () => {
    let opened: OpenedPersonCache | undefined;
    let cache: PersonCache;
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    const freshId = (label = 'c') => `${label}-${run}-${++counter}`;

    beforeAll(async () => {
      opened = await open();
      cache = opened.cache;
    });

    afterAll(async () => {
      await opened?.cache.close();
      await opened?.cleanup?.();
    });

    it('reads an absent id as a miss, without a token', async () => {
      const id = freshId();
      expect(await cache.get(id)).toEqual({ kind: 'miss' });
      expect(await cache.getIdentifiable(id)).toEqual({ read: { kind: 'miss' }, token: undefined });
    });

    it('returns what set stored, for a person, a tombstone and a lease', async () => {
      const [a, b, c] = [freshId(), freshId(), freshId()];
      const stored = person(a, {
        firstName: 'Zoë 👩‍🚀',
        lastName: 'e\u0301 李',
        version: MAX_VERSION,
      });
      await cache.set(a, stored, MINUTE);
      await cache.set(b, TOMBSTONE, MINUTE);
      await cache.set(c, lease('owner-1'), MINUTE);
      expect(await cache.get(a)).toEqual(stored);
      expect(await cache.get(b)).toEqual(TOMBSTONE);
      expect(await cache.get(c)).toEqual(lease('owner-1'));
    });

    it('set replaces whatever is there', async () => {
      const id = freshId();
      await cache.set(id, lease('first'), MINUTE);
      await cache.set(id, person(id, { version: 2 }), MINUTE);
      expect(await cache.get(id)).toEqual(person(id, { version: 2 }));
    });

    it('getMany answers every id once: hits, misses and duplicates; nothing for no ids', async () => {
      const [hit, tomb, miss] = [freshId(), freshId(), freshId()];
      await cache.set(hit, person(hit), MINUTE);
      await cache.set(tomb, TOMBSTONE, MINUTE);
      const reads = await cache.getMany([hit, miss, tomb, hit, miss]);
      expect(reads).toEqual(
        new Map<string, CacheRead>([
          [hit, person(hit)],
          [miss, { kind: 'miss' }],
          [tomb, TOMBSTONE],
        ]),
      );
      expect(await cache.getMany([])).toEqual(new Map());
    });

    it('add stores only when absent: a token the first time, undefined and no change after', async () => {
      const id = freshId();
      const token = await cache.add(id, lease('first'), MINUTE);
      expect(typeof token).toBe('bigint');
      expect(await cache.add(id, lease('second'), MINUTE)).toBeUndefined();
      expect(await cache.get(id)).toEqual(lease('first'));
    });

    it("add's token lets its owner replace the lease with the value, once", async () => {
      const id = freshId();
      const token = await cache.add(id, lease('me'), MINUTE);
      expect(token).toBeDefined();
      expect(await cache.putIfUntouched(id, person(id), token as bigint, MINUTE)).toBe(true);
      expect(await cache.get(id)).toEqual(person(id));
      expect(await cache.putIfUntouched(id, TOMBSTONE, token as bigint, MINUTE)).toBe(false);
      expect(await cache.get(id)).toEqual(person(id));
    });

    it('putIfUntouched succeeds once with the token of getIdentifiable', async () => {
      const id = freshId();
      await cache.set(id, person(id), MINUTE);
      const { read, token } = await cache.getIdentifiable(id);
      expect(read).toEqual(person(id));
      expect(typeof token).toBe('bigint');
      expect(
        await cache.putIfUntouched(id, person(id, { version: 2 }), token as bigint, MINUTE),
      ).toBe(true);
      expect(
        await cache.putIfUntouched(id, person(id, { version: 3 }), token as bigint, MINUTE),
      ).toBe(false);
      expect(await cache.get(id)).toEqual(person(id, { version: 2 }));
    });

    it('putIfUntouched fails after an intervening set, delete, or delete and add', async () => {
      const [a, b, c] = [freshId(), freshId(), freshId()];
      for (const id of [a, b, c]) await cache.set(id, lease('old'), MINUTE);
      const tokens = await Promise.all(
        [a, b, c].map(async (id) => (await cache.getIdentifiable(id)).token),
      );
      await cache.set(a, lease('other'), MINUTE);
      await cache.delete(b);
      await cache.delete(c);
      await cache.add(c, lease('other'), MINUTE);
      for (const [i, id] of [a, b, c].entries()) {
        expect(await cache.putIfUntouched(id, TOMBSTONE, tokens[i] as bigint, MINUTE)).toBe(false);
      }
      expect(await cache.get(a)).toEqual(lease('other'));
      expect(await cache.get(b)).toEqual({ kind: 'miss' });
      expect(await cache.get(c)).toEqual(lease('other'));
    });

    it('of two racing putIfUntouched with one token exactly one wins, every time', async () => {
      for (let round = 0; round < RACES; round++) {
        const id = freshId('race');
        const token = (await cache.add(id, lease('holder'), MINUTE)) as bigint;
        const results = await Promise.all([
          cache.putIfUntouched(id, lease('left'), token, MINUTE),
          cache.putIfUntouched(id, lease('right'), token, MINUTE),
        ]);
        expect(
          results.filter(Boolean),
          'putIfUntouched is atomic: of two racing fills with one token exactly one stores',
        ).toHaveLength(1);
        expect(await cache.get(id)).toEqual(lease(results[0] ? 'left' : 'right'));
      }
    });

    it('of two racing adds exactly one gets a token, every time', async () => {
      for (let round = 0; round < RACES; round++) {
        const id = freshId('race');
        const tokens = await Promise.all([
          cache.add(id, lease('left'), MINUTE),
          cache.add(id, lease('right'), MINUTE),
        ]);
        expect(
          tokens.filter((t) => t !== undefined),
          'add is atomic: of two racing adds on one key exactly one stores and gets a token',
        ).toHaveLength(1);
        expect(await cache.get(id)).toEqual(lease(tokens[0] !== undefined ? 'left' : 'right'));
      }
    });

    it('delete makes the next read a miss, and deleting an absent id is fine', async () => {
      const id = freshId();
      await cache.set(id, person(id), MINUTE);
      await cache.delete(id);
      expect(await cache.get(id)).toEqual({ kind: 'miss' });
      await expect(cache.delete(freshId())).resolves.toBeUndefined();
    });

    it(`a 200 ms entry is a miss after ${shortLivedMs + 50} ms (also for add), a 40-day and a 10-year one stay`, async () => {
      const [short, long, longest] = [freshId(), freshId(), freshId()];
      await cache.set(short, person(short), shortTtlMs);
      await cache.set(long, person(long), FORTY_DAYS);
      await cache.set(longest, TOMBSTONE, MAX_CACHE_TTL_MS);
      expect(await cache.get(short)).toEqual(person(short));
      await sleep(shortLivedMs + 50);
      expect(await cache.get(short)).toEqual({ kind: 'miss' });
      expect((await cache.getMany([short])).get(short)).toEqual({ kind: 'miss' });
      expect((await cache.getIdentifiable(short)).read).toEqual({ kind: 'miss' });
      expect(await cache.add(short, lease('after'), MINUTE)).toBeDefined();
      expect(await cache.get(short)).toEqual(lease('after'));
      expect(await cache.get(long)).toEqual(person(long));
      expect(await cache.get(longest)).toEqual(TOMBSTONE);
    });

    it('ids that differ by case, spaces, unicode, "~" or ":" never share an entry', async () => {
      const ids = [...collisionProneIds(run), ...mixedIds(run, 200)];
      expect(new Set(ids).size).toBe(ids.length);
      await Promise.all(ids.map((id, i) => cache.set(id, lease(`owner-${i}`), MINUTE)));
      const reads = await cache.getMany(ids);
      for (const [i, id] of ids.entries()) {
        expect(reads.get(id), JSON.stringify(id)).toEqual(lease(`owner-${i}`));
      }
      expect(await cache.get(ids[0] as string)).toEqual(lease('owner-0'));
    });

    it('reads a value it cannot decode as corrupt, never throwing, and delete clears it', async () => {
      const id = freshId();
      if (opened?.writeRaw) {
        await opened.writeRaw(id, Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
      } else {
        const planted = cache.set(id, person(id, { version: 0 }), MINUTE);
        const refused = await planted.then(
          () => false,
          (error: unknown) => error instanceof ValidationError,
        );
        if (refused) return expect(await cache.get(id)).toEqual({ kind: 'miss' });
      }
      expect((await cache.get(id)).kind).toBe('corrupt');
      expect((await cache.getMany([id])).get(id)?.kind).toBe('corrupt');
      expect((await cache.getIdentifiable(id)).read.kind).toBe('corrupt');
      await cache.delete(id);
      expect(await cache.get(id)).toEqual({ kind: 'miss' });
    });

    it('refuses a person the model would read back as corrupt (an id such as "Zoë"), storing nothing', async () => {
      const id = `Zoë-${run}-${++counter}`;
      await expect(cache.set(id, person(id), MINUTE)).rejects.toBeInstanceOf(ValidationError);
      await expect(cache.add(id, person(id), MINUTE)).rejects.toBeInstanceOf(ValidationError);
      await expect(cache.set(id, person(id, { firstName: '' }), MINUTE)).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect(await cache.get(id)).toEqual({ kind: 'miss' });
    });

    it('rejects a TTL that is not a whole number of ms from 1 to 10 years, storing nothing', async () => {
      const id = freshId();
      await cache.set(id, lease('kept'), MINUTE);
      const { token } = await cache.getIdentifiable(id);
      for (const ttl of INVALID_TTLS) {
        const bad = ttl as number;
        await expect(cache.set(id, TOMBSTONE, bad)).rejects.toBeInstanceOf(ValidationError);
        await expect(cache.add(freshId(), TOMBSTONE, bad)).rejects.toBeInstanceOf(ValidationError);
        await expect(
          cache.putIfUntouched(id, TOMBSTONE, token as bigint, bad),
        ).rejects.toBeInstanceOf(ValidationError);
      }
      expect(await cache.get(id)).toEqual(lease('kept'));
    });

    it(`offers ${readOrLease ? 'getOrLease, getManyOrLease and serverOf' : 'none of getOrLease, getManyOrLease, serverOf'}`, () => {
      const offered = [cache.getOrLease, cache.getManyOrLease, cache.serverOf].filter(Boolean);
      // A cache that offers them without declaring it would skip their contract.
      expect(
        offered,
        'a cache offering getOrLease declares it: personCacheContract(name, open, { readOrLease: true })',
      ).toHaveLength(readOrLease ? 3 : 0);
    });

    if (readOrLease) personCacheReadOrLeaseContract(runner, () => cache, freshId);
    if (sharedStore) personCacheSharedStoreContract(runner, () => cache, open, freshId);

    it('close is idempotent and later calls reject with UnavailableError', async () => {
      const other = await open();
      await other.cache.close();
      await other.cache.close();
      await expect(other.cache.get(freshId())).rejects.toBeInstanceOf(UnavailableError);
      await expect(other.cache.set(freshId(), TOMBSTONE, MINUTE)).rejects.toBeInstanceOf(
        UnavailableError,
      );
      await other.cleanup?.();
    });
  });
}
