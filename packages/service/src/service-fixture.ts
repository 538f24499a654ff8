import type { Person } from '@cachetoggle/model';
import {
  ChaosPersonCache,
  ChaosPersonDb,
  createDeferred,
  FakePersonCache,
  type FakePersonCacheOptions,
  FakePersonDb,
} from '@cachetoggle/testing/fakes';
import { onTestFinished } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';
import type { Logger } from './logger';
import type { ProtocolStep } from './protocol-hooks';
import type { CacheAsidePersonServiceOptions } from './service-options';

/** Test support: a logger that keeps what it was told. */
export class RecordingLogger implements Logger {
  readonly warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  readonly errors: { obj: Record<string, unknown>; msg: string }[] = [];

  warn(obj: object, msg: string): void {
    this.warnings.push({ obj: obj as Record<string, unknown>, msg });
  }

  error(obj: object, msg: string): void {
    this.errors.push({ obj: obj as Record<string, unknown>, msg });
  }
}

/** Test support: Ada, at version 1. */
export const ada: Person = Object.freeze({
  id: 'ada',
  firstName: 'Ada',
  lastName: 'Lovelace',
  version: 1,
});

/** Test support: a way the service reads the cache, and the fake cache that makes it take it. */
export interface ReadPath {
  readonly name: string;
  readonly cacheOptions: FakePersonCacheOptions;
  /** The call a reader that found someone else's lease polls with. */
  readonly pollMethod: 'getIdentifiable' | 'getOrLease';
}

/** Test support: the lease taken with `add` and checked with `gets`, on a cache without more. */
export const GENERIC_PATH: ReadPath = {
  name: 'add/gets/cas',
  cacheOptions: {},
  pollMethod: 'getIdentifiable',
};

/** Test support: the lease taken in the read itself, on a cache that offers `getOrLease`. */
export const READ_OR_LEASE_PATH: ReadPath = {
  name: 'read-or-lease',
  cacheOptions: { readOrLease: true },
  pollMethod: 'getOrLease',
};

/** Test support: both ways to read the cache, for tests that must hold on each. */
export const READ_PATHS: readonly ReadPath[] = [GENERIC_PATH, READ_OR_LEASE_PATH];

/** Test support: what `createFixture` accepts besides the service options. */
export interface FixtureOptions extends Partial<CacheAsidePersonServiceOptions> {
  readonly people?: readonly Person[];
  readonly cacheOptions?: FakePersonCacheOptions;
}

/**
 * Test support: a service over fake backends wrapped in chaos wrappers (to count calls and
 * inject faults), with a recording logger; closed when the test ends.
 */
export function createFixture(options: FixtureOptions = {}) {
  const { people = [], cacheOptions, ...serviceOptions } = options;
  const fakeDb = new FakePersonDb(people);
  const fakeCache = new FakePersonCache(cacheOptions);
  const db = new ChaosPersonDb(fakeDb);
  const cache = new ChaosPersonCache(fakeCache);
  const logger = new RecordingLogger();
  const service = new CacheAsidePersonService({ db, cache, logger, ...serviceOptions });
  onTestFinished(() => service.close());
  return { service, db, cache, fakeDb, fakeCache, logger };
}

/** Test support: a second service (another process) sharing the fixture's backends. */
export function secondService(
  fixture: ReturnType<typeof createFixture>,
  options: Partial<CacheAsidePersonServiceOptions> = {},
) {
  const db = new ChaosPersonDb(fixture.fakeDb);
  const cache = new ChaosPersonCache(fixture.fakeCache);
  const service = new CacheAsidePersonService({ db, cache, ...options });
  onTestFinished(() => service.close());
  return { service, db, cache };
}

/** Hooks that hold the first reader reaching `step` until `release` is called. */
export function holdFirstAt(step: ProtocolStep) {
  const reached = createDeferred();
  const released = createDeferred();
  let held = false;
  return {
    reached: reached.promise,
    release: () => released.resolve(),
    hooks: {
      onStep: (at: ProtocolStep) => {
        if (at !== step || held) return;
        held = true;
        reached.resolve();
        return released.promise;
      },
    },
  };
}
