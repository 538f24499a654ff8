import { type ModeStore, type SharedMode, ValidationError } from '@cachetoggle/model';
import {
  itFailsWhenClosed,
  itReadsUndefinedWhenNew,
  type OpenedSharedRowStore,
  withOpenedStore,
} from './shared-row-store';
import type { ContractTestRunner } from './test-runner';

/** Two views of one new, empty mode store (two processes on one database), and their end. */
export type OpenedModeStore = OpenedSharedRowStore<ModeStore>;

/**
 * The `ModeStore` contract, run against every implementation on the test runner passed in.
 * `open` is called once per test and must give a store that was never written.
 */
export function modeStoreContract(
  runner: ContractTestRunner,
  name: string,
  open: () => Promise<OpenedModeStore>,
): void {
  const { describe, it, expect } = runner;
  const withStore = withOpenedStore(open);

  describe(name, () => {
    itReadsUndefinedWhenNew(runner, 'a store never written reads undefined', withStore);

    it(
      'write returns what is stored; the other client reads it, both ways',
      withStore(async ({ store, other }) => {
        const before = Date.now();
        const written = await store.write(true);
        expect(written).toStrictEqual({ useDb: true, changedAt: written.changedAt });
        expect(Number.isInteger(written.changedAt)).toBe(true);
        // The store's clock may be another machine's: only a generous bound is checked.
        expect(Math.abs(written.changedAt - before) < 60_000, 'changedAt is about now').toBe(true);
        await expect(store.read()).resolves.toStrictEqual(written);
        await expect(other.read()).resolves.toStrictEqual(written);
        const back = await other.write(false);
        expect(back.useDb).toBe(false);
        expect(back.changedAt >= written.changedAt, 'changedAt never goes back').toBe(true);
        await expect(store.read()).resolves.toStrictEqual(back);
      }),
    );

    it(
      'one row: many writes from both clients leave the last one',
      withStore(async ({ store, other }) => {
        let last: SharedMode | undefined;
        for (let i = 0; i < 6; i++) last = await (i % 2 ? other : store).write(i % 3 === 0);
        await expect(store.read()).resolves.toStrictEqual(last);
        await expect(other.read()).resolves.toStrictEqual(last);
      }),
    );

    it(
      'write of anything but a boolean is a ValidationError naming useDb and stores nothing',
      withStore(async ({ store }) => {
        for (const bad of [1, 'true', null, undefined, {}]) {
          await expect(store.write(bad as never)).rejects.toBeInstanceOf(ValidationError);
          await expect(store.write(bad as never)).rejects.toMatchObject({ field: 'useDb' });
        }
        await expect(store.read()).resolves.toBeUndefined();
      }),
    );

    itFailsWhenClosed(runner, withStore, (store, n) => store.write(n === 0));
  });
}
