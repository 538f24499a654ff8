import type { PersonCache } from '@cachetoggle/model';
import { lease, MINUTE, person } from './cache-entries';
import type { OpenedPersonCache } from './person-cache.contract';
import type { ContractTestRunner } from './test-runner';

/**
 * What caches opened over one store promise each other (the processes of a fleet share one
 * memcached): one sees what another wrote or deleted, and a token is good only on the entry it
 * was read from, whichever cache reads it. Part of `personCacheContract` when the cache declares
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
  });
}
