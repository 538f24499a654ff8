import { randomBytes } from 'node:crypto';
import {
  type CacheEntry,
  type CacheRead,
  MAX_CACHE_TTL_MS,
  MAX_VERSION,
  type Person,
  type PersonCache,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  /**
   * A second cache object on the same store, as another process opens it (its own connection,
   * nothing in-process shared with `cache`); closed by the suite. Required with `sharedStore`.
   */
  readonly openOther?: () => Promise<PersonCache>;
}

const MINUTE = 60_000;
const FORTY_DAYS = 40 * 24 * 60 * MINUTE;
const RACES = 100;
const INVALID_TTLS: readonly unknown[] = [
  0,
  -1,
  Number.NaN,
  1.5,
  Infinity,
  MAX_CACHE_TTL_MS + 1,
  '100',
];
const TOMBSTONE: CacheEntry = { kind: 'tombstone' };

const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });
const person = (id: string, overrides: Partial<Person> = {}): CacheEntry => ({
  kind: 'person',
  person: { id, firstName: 'Ada', lastName: 'Lovelace', version: 1, ...overrides },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ids a careless key scheme merges (trimming, case folding, prefixes, separators, encodings). */
function collisionProneIds(run: string): string[] {
  const base = `k${run}`;
  const encoded = Buffer.from(base).toString('base64url');
  return [
    base,
    base.toUpperCase(),
    `${base} `,
    ` ${base}`,
    `${base}\t`,
    `${base}\n`,
    `${base}\u0000`,
    `${base}~`,
    `~${base}`,
    `${base}:x`,
    `:${base}`,
    `person:${base}`,
    `person~${base}`,
    encoded,
    `~${encoded}`,
    `${base}é`,
    `${base}e\u0301`,
    `${base}😀`,
    `漢${base}`,
    `${base}%20`,
    `${base}/`,
  ];
}

/** `count` distinct ids drawn (deterministically) from an alphabet of troublemakers. */
function mixedIds(run: string, count: number): string[] {
  const alphabet = [
    'a',
    'A',
    'b',
    'B',
    ' ',
    ':',
    '~',
    '-',
    '_',
    '=',
    '/',
    'é',
    'e\u0301',
    '😀',
    '\u0000',
  ];
  const ids = new Set<string>();
  let seed = 42;
  const next = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed >>> 8;
  };
  while (ids.size < count) {
    let id = run;
    for (let length = 1 + (next() % 12); length > 0; length--) {
      id += alphabet[next() % alphabet.length];
    }
    ids.add(id);
  }
  return [...ids];
}

/** What a cache offers beyond the required methods; its contract runs for what it declares. */
export interface PersonCacheCapabilities {
  /** `getOrLease`, `getManyOrLease` and `serverOf` (all three or none). */
  readonly readOrLease?: boolean;
  /**
   * Several processes can use one store (`open` gives `openOther`): the atomic operations are
   * raced between two cache objects. A cache that cannot share a store (an in-process one)
   * leaves it false, and the suite records that it does not claim to.
   */
  readonly sharedStore?: boolean;
}

/**
 * The `PersonCache` contract, written once and run against every implementation (as keyv's
 * test suite is run against every store). `open` is called once for the suite and once more for
 * the close test; every test uses ids of its own, so the store may be shared and non-empty.
 */
export function personCacheContract(
  name: string,
  open: () => Promise<OpenedPersonCache>,
  { readOrLease = false, sharedStore = false }: PersonCacheCapabilities = {},
): void {
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
        expect(results.filter(Boolean)).toHaveLength(1);
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
        expect(tokens.filter((t) => t !== undefined)).toHaveLength(1);
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

    it('a 200 ms entry is a miss after 250 ms (also for add), a 40-day and a 10-year one stay', async () => {
      const [short, long, longest] = [freshId(), freshId(), freshId()];
      await cache.set(short, person(short), 200);
      await cache.set(long, person(long), FORTY_DAYS);
      await cache.set(longest, TOMBSTONE, MAX_CACHE_TTL_MS);
      expect(await cache.get(short)).toEqual(person(short));
      await sleep(250);
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

    if (readOrLease) {
      describe('read-or-lease: getOrLease, getManyOrLease, serverOf', () => {
        const leasing = () => {
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
          const [hit, tomb] = [freshId(), freshId()];
          await cache.set(hit, person(hit), MINUTE);
          await cache.set(tomb, TOMBSTONE, MINUTE);
          expect(await api.getOrLease(hit, MINUTE)).toEqual(person(hit));
          expect(await api.getOrLease(tomb, MINUTE)).toEqual(TOMBSTONE);
        });

        it('getManyOrLease answers every id once: hits, a lease for each miss, duplicates; nothing for no ids', async () => {
          const api = leasing();
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

    if (sharedStore) {
      describe('two cache objects on one store (two processes)', () => {
        let other: PersonCache;
        beforeAll(async () => {
          if (!opened?.openOther)
            throw new Error('sharedStore is declared but there is no openOther');
          other = await opened.openOther();
        });
        afterAll(() => other?.close());

        it('of racing adds from the two objects exactly one gets a token, every time', async () => {
          for (let round = 0; round < RACES; round++) {
            const id = freshId('shared');
            const tokens = await Promise.all([
              cache.add(id, lease('one'), MINUTE),
              other.add(id, lease('other'), MINUTE),
            ]);
            expect(tokens.filter((t) => t !== undefined)).toHaveLength(1);
            const winner = lease(tokens[0] !== undefined ? 'one' : 'other');
            expect(await cache.get(id)).toEqual(winner);
            expect(await other.get(id)).toEqual(winner);
          }
        });

        it("only the holder's token fills: a delete and a new lease by the other void it", async () => {
          for (let round = 0; round < RACES; round++) {
            const id = freshId('shared');
            const held = (await cache.add(id, lease('holder'), MINUTE)) as bigint;
            const [, relet] = await Promise.all([
              cache.putIfUntouched(id, person(id), held, MINUTE),
              other.delete(id).then(() => other.add(id, lease('other'), MINUTE)),
            ]);
            // The holder's fill landed before the delete or was voided by it: the new lease stays.
            expect(relet).toBeDefined();
            expect(await cache.get(id)).toEqual(lease('other'));
            expect(await cache.putIfUntouched(id, person(id), held, MINUTE)).toBe(false);
            expect(await other.putIfUntouched(id, person(id), relet as bigint, MINUTE)).toBe(true);
            expect(await cache.get(id)).toEqual(person(id));
          }
        });
      });
    } else {
      it('does not claim to share a store with another cache object (no openOther)', () => {
        expect(opened?.openOther).toBeUndefined();
      });
    }

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
