import type { BreakerState } from './circuit-breaker';
import type { CacheServerStats, ModeStatus, ServiceStats } from './person-service';

/** The service's mutable counters; `snapshot` turns them into the public `ServiceStats`. */
export class ServiceCounters {
  hits = 0;
  misses = 0;
  tombstoneHits = 0;
  fills = 0;
  fillRacesLost = 0;
  leaseWaits = 0;
  refreshes = 0;
  refreshFailures = 0;
  dbReads = 0;
  cacheErrors = 0;
  corruptEntries = 0;
  invalidationFailures = 0;
  invalidationRetries = 0;
  invalidationsDropped = 0;
  nearHits = 0;

  /** A frozen copy, with the health of each cache server and the mode (not the counters' own). */
  snapshot(servers: readonly CacheServerStats[], mode: ModeStatus): ServiceStats {
    const reads = this.hits + this.misses;
    let pendingInvalidations = 0;
    for (const server of servers) pendingInvalidations += server.pendingInvalidations;
    return Object.freeze({
      hits: this.hits,
      misses: this.misses,
      tombstoneHits: this.tombstoneHits,
      fills: this.fills,
      fillRacesLost: this.fillRacesLost,
      leaseWaits: this.leaseWaits,
      refreshes: this.refreshes,
      refreshFailures: this.refreshFailures,
      dbReads: this.dbReads,
      cacheErrors: this.cacheErrors,
      corruptEntries: this.corruptEntries,
      invalidationFailures: this.invalidationFailures,
      invalidationRetries: this.invalidationRetries,
      invalidationsDropped: this.invalidationsDropped,
      nearHits: this.nearHits,
      pendingInvalidations,
      breakerState: overallBreakerState(servers),
      hitRatio: reads === 0 ? 0 : this.hits / reads,
      servers: Object.freeze([...servers]),
      mode,
    });
  }
}

/**
 * The breakers taken together: 'open' when any server's is open, else 'half-open' when any is
 * probing, else 'closed'.
 */
export function overallBreakerState(servers: readonly CacheServerStats[]): BreakerState {
  let state: BreakerState = 'closed';
  for (const server of servers) {
    if (server.breakerState === 'open') return 'open';
    if (server.breakerState === 'half-open') state = 'half-open';
  }
  return state;
}
