import type { PersonService, ServiceStats } from '@cachetoggle/service';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

type NumberField = {
  [K in keyof ServiceStats]: ServiceStats[K] extends number ? K : never;
}[keyof ServiceStats];

/** The monotonic counters of `ServiceStats` (the other numbers are gauges). */
type CounterField = Exclude<NumberField, 'pendingInvalidations' | 'hitRatio'>;

/**
 * The Prometheus name and help of every counter. A `Record` over the fields, so a counter added
 * to `ServiceStats` fails the type check here until it is exported too.
 */
const COUNTERS: Readonly<Record<CounterField, readonly [name: string, help: string]>> = {
  hits: ['cachetoggle_cache_hits_total', 'Cache reads answered by the cache'],
  misses: ['cachetoggle_cache_misses_total', 'Cache reads the cache could not answer'],
  tombstoneHits: ['cachetoggle_cache_tombstone_hits_total', 'Hits on a cached not-found'],
  fills: ['cachetoggle_cache_fills_total', 'Values a lease holder stored in the cache'],
  fillRacesLost: [
    'cachetoggle_cache_fill_races_lost_total',
    'Fills refused because a write removed the lease meanwhile',
  ],
  leaseWaits: [
    'cachetoggle_cache_lease_waits_total',
    "Reads that waited for another reader's fill",
  ],
  refreshes: [
    'cachetoggle_cache_refreshes_total',
    'Entries refreshed in the background before they expired',
  ],
  refreshFailures: [
    'cachetoggle_cache_refresh_failures_total',
    'Background refreshes whose database read failed',
  ],
  dbReads: ['cachetoggle_db_reads_total', 'Reads sent to the database'],
  cacheErrors: ['cachetoggle_cache_errors_total', 'Cache calls that failed or timed out'],
  corruptEntries: ['cachetoggle_cache_corrupt_entries_total', 'Cache values that did not decode'],
  invalidationFailures: [
    'cachetoggle_invalidation_failures_total',
    'Writes whose invalidation could not be done at once',
  ],
  invalidationRetries: [
    'cachetoggle_invalidation_retries_total',
    'Invalidations attempted again from the retry queue',
  ],
  invalidationsDropped: [
    'cachetoggle_invalidations_dropped_total',
    'Invalidations dropped because the retry queue was full',
  ],
  nearHits: [
    'cachetoggle_near_cache_hits_total',
    'Cache hits answered by the in-process near cache',
  ],
};

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;

/**
 * A private Prometheus registry: the service's counters and gauges, read from
 * `service.stats()` at scrape time, plus Node's default process metrics.
 */
export function createMetricsRegistry(service: PersonService): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  for (const [field, [name, help]] of Object.entries(COUNTERS) as [
    CounterField,
    readonly [string, string],
  ][]) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(service.stats()[field]);
      },
    });
  }
  new Gauge({
    name: 'cachetoggle_pending_invalidations',
    help: 'Invalidations waiting for a retry, per cache server',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { name, pendingInvalidations } of service.stats().servers) {
        this.set({ server: name }, pendingInvalidations);
      }
    },
  });
  new Gauge({
    name: 'cachetoggle_cache_hit_ratio',
    help: 'hits / (hits + misses) since start',
    registers: [registry],
    collect() {
      this.set(service.stats().hitRatio);
    },
  });
  new Gauge({
    name: 'cachetoggle_breaker_state',
    help: 'The circuit breaker of each cache server: 1 for its current state',
    labelNames: ['server', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { name, breakerState } of service.stats().servers) {
        for (const state of BREAKER_STATES) {
          this.set({ server: name, state }, state === breakerState ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'cachetoggle_use_db',
    help: '1 while reads bypass the cache',
    registers: [registry],
    collect() {
      this.set(service.mode().useDb ? 1 : 0);
    },
  });
  return registry;
}
