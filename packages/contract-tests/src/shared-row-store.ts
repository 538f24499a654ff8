import { UnavailableError } from '@cachetoggle/model';
import type { ContractTestBody, ContractTestRunner } from './test-runner';

/**
 * Two views of one new, empty single-row store (two processes on one database), and their end.
 * The mode store and the topology store are both this shape.
 */
export interface OpenedSharedRowStore<Store> {
  readonly store: Store;
  /** A second client of the same backend, as another process would open it. */
  readonly other: Store;
  /** Closes what backs `store` (not `other`): its calls must then fail. */
  readonly closeStore: () => Promise<void>;
  /** Closes everything and removes what `open` created. */
  readonly cleanup: () => Promise<void>;
}

/** What every single-row store can do: read the row, or `undefined` before the first write. */
interface SharedRowReader {
  read(): Promise<unknown>;
}

/**
 * A test body on a fresh store from `open`, cleaned up even when the test fails, so one
 * failing case never leaves the next one a written row.
 */
export type WithOpenedStore<Store> = (
  test: (opened: OpenedSharedRowStore<Store>) => Promise<void>,
) => ContractTestBody;

/** Builds the `WithOpenedStore` wrapper for one suite's `open`. */
export function withOpenedStore<Store>(
  open: () => Promise<OpenedSharedRowStore<Store>>,
): WithOpenedStore<Store> {
  return (test) => async () => {
    const opened = await open();
    try {
      await test(opened);
    } finally {
      await opened.cleanup();
    }
  };
}

/** The case every single-row store shares first: nothing written yet reads `undefined`, on both clients. */
export function itReadsUndefinedWhenNew<Store extends SharedRowReader>(
  runner: ContractTestRunner,
  name: string,
  withStore: WithOpenedStore<Store>,
): void {
  runner.it(
    name,
    withStore(async ({ store, other }) => {
      await runner.expect(store.read()).resolves.toBeUndefined();
      await runner.expect(other.read()).resolves.toBeUndefined();
    }),
  );
}

/**
 * The case every single-row store shares last: once its backend is closed, reads and writes fail
 * with `UnavailableError` instead of hanging. `write(store, n)` makes the n-th (0 or 1) write.
 */
export function itFailsWhenClosed<Store extends SharedRowReader>(
  runner: ContractTestRunner,
  withStore: WithOpenedStore<Store>,
  write: (store: Store, n: 0 | 1) => Promise<unknown>,
): void {
  runner.it(
    'a closed backend fails with UnavailableError, never hangs',
    withStore(async ({ store, closeStore }) => {
      await write(store, 0);
      await closeStore();
      await runner.expect(store.read()).rejects.toBeInstanceOf(UnavailableError);
      await runner.expect(write(store, 1)).rejects.toBeInstanceOf(UnavailableError);
    }),
  );
}
