import type { BreakerState } from './circuit-breaker';
import type { ServiceStats } from './person-service';

/** The service's mutable counters; `snapshot` turns them into the public `ServiceStats`. */
export class ServiceCounters {
  hits = 0;
  misses = 0;
  tombstoneHits = 0;
  fills = 0;
  fillRacesLost = 0;
  leaseWaits = 0;
  dbReads = 0;
  cacheErrors = 0;
  corruptEntries = 0;
  invalidationFailures = 0;
  invalidationRetries = 0;
  invalidationsDropped = 0;

  /** A frozen copy, with the state the counters do not own. */
  snapshot(pendingInvalidations: number, breakerState: BreakerState): ServiceStats {
    const reads = this.hits + this.misses;
    return Object.freeze({
      hits: this.hits,
      misses: this.misses,
      tombstoneHits: this.tombstoneHits,
      fills: this.fills,
      fillRacesLost: this.fillRacesLost,
      leaseWaits: this.leaseWaits,
      dbReads: this.dbReads,
      cacheErrors: this.cacheErrors,
      corruptEntries: this.corruptEntries,
      invalidationFailures: this.invalidationFailures,
      invalidationRetries: this.invalidationRetries,
      invalidationsDropped: this.invalidationsDropped,
      pendingInvalidations,
      breakerState,
      hitRatio: reads === 0 ? 0 : this.hits / reads,
    });
  }
}
