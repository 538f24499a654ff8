import type { PersonCache } from '@cachetoggle/model';
import { lease, MINUTE, person } from './cache-entries';
import type { OpenedPersonCache } from './person-cache.contract';
import type { ContractTestRunner } from './test-runner';

/** Rounds of each race: a non-atomic read-then-write loses one of them almost surely. */
const RACES = 100;

/**
 * What caches opened over one store promise each other (the processes of a fleet share one
 * memcached): one sees what another wrote or deleted, and a token is good only on the entry it
 * was read from, whichever cache reads it; the atomic operations hold between the two as they
 * hold inside one (a read-then-write serialised in one process would lose these races). Part of `personCacheContract` when the cache declares
 * `sharedStore`.
 */
export function personCacheSharedStoreContract(
  runner: ContractTestRunner,
  current: () => PersonCache,
  open: () => Promise<OpenedPersonCache>,
  freshId: (label?: string) => string,
): void {
  const { describe, it, expect, beforeAll, afterAll } = runner;

  describe('shared store: two caches on one store', () => {
    let other: OpenedPersonCache | undefined;
    const second = () => {
      if (!other) throw new Error('the second cache did not open');
      return other.cache;
    };

    beforeAll(async () => {
      other = await open();
    });

    afterAll(async () => {
      await other?.cache.close();
      await other?.cleanup?.();
    });

    it('one reads what the other set, and misses what the other deleted', async () => {
      const id = freshId();
      await current().set(id, person(id), MINUTE);
      expect(await second().get(id)).toEqual(person(id));
      await second().delete(id);
      expect(await current().get(id)).toEqual({ kind: 'miss' });
    });

    it("an add fails while the other's entry is there, and a token dies with the other's set", async () => {
      const id = freshId();
      const token = await current().add(id, lease('first'), MINUTE);
      expect(token).toBeDefined();
      expect(await second().add(id, lease('second'), MINUTE)).toBeUndefined();
      await second().set(id, lease('second'), MINUTE);
      expect(await current().putIfUntouched(id, person(id), token as bigint, MINUTE)).toBe(false);
      expect(await current().get(id)).toEqual(lease('second'));
    });

    it('of racing adds from the two caches exactly one gets a token, every time', async () => {
      for (let round = 0; round < RACES; round++) {
        const id = freshId('shared');
        const tokens = await Promise.all([
          current().add(id, lease('one'), MINUTE),
          second().add(id, lease('other'), MINUTE),
        ]);
        expect(tokens.filter((t) => t !== undefined)).toHaveLength(1);
        const winner = lease(tokens[0] !== undefined ? 'one' : 'other');
        expect(await current().get(id)).toEqual(winner);
        expect(await second().get(id)).toEqual(winner);
      }
    });

    it("only the holder's token fills: a delete and a new lease by the other void it", async () => {
      for (let round = 0; round < RACES; round++) {
        const id = freshId('shared');
        const held = (await current().add(id, lease('holder'), MINUTE)) as bigint;
        const [, relet] = await Promise.all([
          current().putIfUntouched(id, person(id), held, MINUTE),
          second()
            .delete(id)
            .then(() => second().add(id, lease('other'), MINUTE)),
        ]);
        // The holder's fill landed before the delete or was voided by it: the new lease stays.
        expect(relet).toBeDefined();
        expect(await current().get(id)).toEqual(lease('other'));
        expect(await current().putIfUntouched(id, person(id), held, MINUTE)).toBe(false);
        expect(await second().putIfUntouched(id, person(id), relet as bigint, MINUTE)).toBe(true);
        expect(await current().get(id)).toEqual(person(id));
      }
    });
  });
}
