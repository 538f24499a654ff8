import type { CheckerReport, ImplementationReport } from './checker-report';

/**
 * The one line a run ends with, so that runs can be compared:
 * `consistency: ops=<n> processes=<p> servers=<m> stale_ours=<a> stale_naive=<b> lost_writes=<c> stale_after_ack_ms_max=<d>`.
 * `ops` and `processes` are per implementation (each ran that many operations in that many
 * processes), `servers` is the number of memcached servers they shared. `stale_*` counts, per
 * implementation, the entries left stale once the load settled plus the reads that were stale
 * beyond the promised bound after an acknowledged write; `lost_writes` counts both
 * implementations' lost writes; `stale_after_ack_ms_max` is our longest stale-read lag.
 */
export function consistencyLine(report: CheckerReport): string {
  const lost = report.ours.lostWrites.length + report.naive.lostWrites.length;
  return (
    `consistency: ops=${report.ops} processes=${report.processes} servers=${report.servers} ` +
    `stale_ours=${staleCount(report.ours)} stale_naive=${staleCount(report.naive)} ` +
    `lost_writes=${lost} stale_after_ack_ms_max=${report.ours.staleAfterAckMsMax}`
  );
}

/** Stale entries after the load plus stale reads beyond the bound. */
export function staleCount(report: ImplementationReport): number {
  return report.staleEntries.length + report.staleReadsBeyondBound.length;
}

/** A few human-readable lines per implementation: counters and examples of what went wrong. */
export function describeImplementation(report: ImplementationReport): string[] {
  const s = report.stats;
  const lines = [
    `${report.implementation}: ops=${report.ops} in ${report.rounds} rounds, ${report.durationMs} ms, writes acked=${report.writesAcked}, ` +
      `evictions=${report.evictions}, mode toggles=${report.toggles}`,
    `  stale entries=${report.staleEntries.length}, stale reads=${report.staleReads.length} ` +
      `(${report.staleReadsBeyondBound.length} beyond the bound, longest ${report.staleAfterAckMsMax} ms after the ack), ` +
      `lost writes=${report.lostWrites.length}, hosts that did not exit cleanly=${report.hostsThatLeaked}`,
    `  faults=${JSON.stringify(report.faults)} failed writes=${report.failedWrites}`,
    `  hits=${s.hits} misses=${s.misses} fills=${s.fills} fillRacesLost=${s.fillRacesLost} ` +
      `leaseWaits=${s.leaseWaits} dbReads=${s.dbReads} cacheErrors=${s.cacheErrors} ` +
      `invalidationFailures=${s.invalidationFailures} pendingInvalidations=${s.pendingInvalidations}`,
  ];
  for (const entry of report.staleEntries.slice(0, 3)) {
    lines.push(
      `  stale entry ${entry.id}: cache ${JSON.stringify(entry.cached)} vs row ${JSON.stringify(entry.row ?? null)}`,
    );
  }
  for (const { read, write, lagMs } of report.staleReads.slice(0, 3)) {
    const got = read.row ? `${read.row.lifetime}#${read.row.version}` : 'nothing';
    lines.push(
      `  stale read ${read.id}: ${got} from ${read.source}, ${Math.round(lagMs)} ms after the ack of ${write.kind} ${write.lifetime ?? ''}#${write.version ?? ''}`,
    );
  }
  for (const lost of report.lostWrites.slice(0, 3)) {
    lines.push(`  lost write ${lost.id}: ${lost.reason} ${JSON.stringify(lost.write ?? {})}`);
  }
  for (const [message, n] of Object.entries(report.unexpectedErrors)) {
    lines.push(`  failed calls (${n}×): ${message}`);
  }
  return lines;
}
