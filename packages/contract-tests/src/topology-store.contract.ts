import {
  type CacheTopology,
  MAX_TOPOLOGY_SERVERS,
  type TopologyStore,
  ValidationError,
} from '@cachetoggle/model';
import {
  itFailsWhenClosed,
  itReadsUndefinedWhenNew,
  type OpenedSharedRowStore,
  withOpenedStore,
} from './shared-row-store';
import type { ContractTestRunner } from './test-runner';

/** Two views of one new, empty topology store (two processes on one database), and their end. */
export type OpenedTopologyStore = OpenedSharedRowStore<TopologyStore>;

const A = 'cache-a:11211';
const B = 'cache-b:11211';
const C = 'cache-c:11211';

/**
 * The `TopologyStore` contract, run against every implementation on the test runner passed
 * in. `open` is called once per test and must give a store nothing was ever proposed to.
 */
export function topologyStoreContract(
  runner: ContractTestRunner,
  name: string,
  open: () => Promise<OpenedTopologyStore>,
): void {
  const { describe, it, expect } = runner;
  const withStore = withOpenedStore(open);

  describe(name, () => {
    itReadsUndefinedWhenNew(runner, 'a store never proposed to reads undefined', withStore);

    it(
      'the first proposal is generation 1, sorted; the other client reads it',
      withStore(async ({ store, other }) => {
        const before = Date.now();
        const first = await store.propose([B, A]);
        expect(first).toStrictEqual({
          generation: 1,
          servers: [A, B],
          epoch: 1,
          previous: undefined,
          changedAt: first.changedAt,
        });
        expect(Number.isInteger(first.changedAt)).toBe(true);
        // The store's clock may be another machine's: only a generous bound is checked.
        expect(Math.abs(first.changedAt - before) < 60_000, 'changedAt is about now').toBe(true);
        await expect(other.read()).resolves.toStrictEqual(first);
      }),
    );

    it(
      'proposing the current list, in any order, changes nothing',
      withStore(async ({ store, other }) => {
        const first = await store.propose([A, B]);
        await expect(other.propose([B, A])).resolves.toStrictEqual(first);
        await expect(store.propose([A, B])).resolves.toStrictEqual(first);
        await expect(store.read()).resolves.toStrictEqual(first);
      }),
    );

    it(
      'a change is the next generation with the previous list; only an addition moves the epoch',
      withStore(async ({ store, other }) => {
        await store.propose([A, B]);
        const added = await other.propose([A, B, C]);
        expect(added).toMatchObject({
          generation: 2,
          servers: [A, B, C],
          epoch: 2,
          previous: { servers: [A, B], epoch: 1 },
        });
        const removed = await store.propose([A, C]);
        expect(removed).toMatchObject({
          generation: 3,
          servers: [A, C],
          epoch: 2,
          previous: { servers: [A, B, C], epoch: 2 },
        });
        const back = await other.propose([A, B, C]);
        expect(back).toMatchObject({ generation: 4, epoch: 4, previous: { epoch: 2 } });
        await expect(store.read()).resolves.toStrictEqual(back);
      }),
    );

    it(
      'concurrent proposals of different lists each get their own generation, none lost',
      withStore(async ({ store, other }) => {
        await store.propose([A]);
        const lists = [[B], [C], [A, B], [A, C], [B, C], [A, B, C]];
        const results = await Promise.all(
          lists.map((list, i) => (i % 2 ? other : store).propose(list)),
        );
        const byGeneration = [...results].sort((x, y) => x.generation - y.generation);
        expect(byGeneration.map((t) => t.generation)).toStrictEqual([2, 3, 4, 5, 6, 7]);
        for (const [i, list] of lists.entries()) {
          expect(results[i]?.servers).toStrictEqual(list);
        }
        // Each change replaced the one before it: no proposal overwrote another unseen.
        let previous: CacheTopology | undefined;
        for (const topology of byGeneration) {
          if (previous) expect(topology.previous?.servers).toStrictEqual(previous.servers);
          previous = topology;
        }
        await expect(other.read()).resolves.toStrictEqual(byGeneration.at(-1));
      }),
    );

    it(
      'the longest list allowed is stored and read back whole',
      withStore(async ({ store, other }) => {
        const names = Array.from(
          { length: MAX_TOPOLOGY_SERVERS },
          (_, i) => `${'h'.repeat(280)}-${String(i).padStart(4, '0')}:11211`,
        );
        const first = await store.propose(names);
        const second = await other.propose(names.slice(1));
        expect(second.previous?.servers).toStrictEqual(names);
        await expect(store.read()).resolves.toStrictEqual(second);
        expect(first.servers).toHaveLength(MAX_TOPOLOGY_SERVERS);
      }),
    );

    it(
      'a bad list is a ValidationError naming servers and stores nothing',
      withStore(async ({ store }) => {
        for (const bad of [[], [A, A], ['has space:1'], ['a,b:1'], [''], [7], 'a:1', null]) {
          await expect(store.propose(bad as never)).rejects.toBeInstanceOf(ValidationError);
          await expect(store.propose(bad as never)).rejects.toMatchObject({ field: 'servers' });
        }
        await expect(store.read()).resolves.toBeUndefined();
      }),
    );

    itFailsWhenClosed(runner, withStore, (store, n) => store.propose(n === 0 ? [A] : [B]));
  });
}
