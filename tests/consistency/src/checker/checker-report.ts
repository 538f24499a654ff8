import type { ServiceStats } from '@cachetoggle/service';
import type { Implementation } from './host-protocol';
import type { LostWrite } from './lost-writes';
import type { StaleEntry } from './stale-entries';
import type { StaleRead } from './stale-reads';
import type { LoadResult } from './workload';

/** The service counters summed over processes. */
export type SummedStats = Omit<ServiceStats, 'breakerState' | 'hitRatio' | 'servers' | 'mode'>;

/** What the checker found for one implementation. */
export interface ImplementationReport {
  readonly implementation: Implementation;
  readonly ops: number;
  readonly rounds: number;
  /** Cache entries that disagree with the database once the load has settled. */
  readonly staleEntries: StaleEntry[];
  /** Reads, during the load, older than a write acknowledged before they began. */
  readonly staleReads: StaleRead[];
  /** The stale reads that began later than the promised bound after the write they missed. */
  readonly staleReadsBeyondBound: StaleRead[];
  /** The longest lag of a stale read after the acknowledgement it missed (0 if none). */
  readonly staleAfterAckMsMax: number;
  /** Writes the database stopped (a lock held past the limits), and writes of killed processes. */
  readonly failedWrites: number;
  /** Faults injected, by name. */
  readonly faults: Record<string, number>;
  readonly lostWrites: LostWrite[];
  /** Failures other than the expected ones (conflicts, not-founds, failed writes), by message. */
  readonly unexpectedErrors: Record<string, number>;
  readonly evictions: number;
  readonly toggles: number;
  readonly writesAcked: number;
  /** Host processes that did not exit by themselves after closing (something left open). */
  readonly hostsThatLeaked: number;
  readonly stats: SummedStats;
  readonly durationMs: number;
}

/** Both implementations under the same load. */
export interface CheckerReport {
  readonly ops: number;
  readonly processes: number;
  /** memcached servers the processes shared. */
  readonly servers: number;
  readonly ours: ImplementationReport;
  readonly naive: ImplementationReport;
}

/** Failure counts by message, over every worker's result. */
export function countErrors(results: readonly LoadResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    for (const [message, n] of Object.entries(result.unexpectedErrors)) {
      counts[message] = (counts[message] ?? 0) + n;
    }
  }
  return counts;
}

/** The counters of several service instances, added up. */
export function sumStats(all: readonly ServiceStats[]): SummedStats {
  const sum = {
    hits: 0,
    misses: 0,
    tombstoneHits: 0,
    fills: 0,
    fillRacesLost: 0,
    leaseWaits: 0,
    refreshes: 0,
    refreshFailures: 0,
    dbReads: 0,
    cacheErrors: 0,
    corruptEntries: 0,
    invalidationFailures: 0,
    invalidationRetries: 0,
    invalidationsDropped: 0,
    nearHits: 0,
    pendingInvalidations: 0,
  };
  for (const stats of all) {
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += stats[key];
  }
  return sum;
}
