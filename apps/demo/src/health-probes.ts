import type { PersonCache, PersonDb } from '@cachetoggle/model';

/** Checks that each backend answers; a rejection means down. */
export interface HealthProbes {
  db(): Promise<void>;
  cache(): Promise<void>;
}

/**
 * An id nobody is expected to use: probing it costs one primary-key lookup, and whether a
 * person is found does not matter, only that the backend answered.
 */
export const PROBE_ID = '_healthz-probe';

/** Probes that read `PROBE_ID` straight from the DAOs (the service's counters stay untouched). */
export function daoHealthProbes(db: PersonDb, cache: PersonCache): HealthProbes {
  return {
    async db() {
      await db.get(PROBE_ID);
    },
    async cache() {
      await cache.get(PROBE_ID);
    },
  };
}
