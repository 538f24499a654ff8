import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKER_OPTIONS } from './checker-options';
import { consistencyLine, describeImplementation, staleCount } from './checker-summary';
import { runChecker } from './run-checker';

// The checker at a small size: 2 processes per implementation sharing three private memcached
// servers (production shares several, and batches span them) and one fresh database, random
// delays between the protocol steps, forced evictions, mode toggles through the shared row, and
// one round each of the faults: a late commit, a hung server, a killed process, a server added
// to the shared list and removed again.
describe('the consistency checker', () => {
  it('finds nothing stale beyond the bound and no lost write with our service through the faults, and stale values with the naive one', async () => {
    const report = await runChecker({
      ...DEFAULT_CHECKER_OPTIONS,
      ops: 3750,
      opsPerRound: 750,
      processes: 2,
      servers: 3,
    });
    for (const line of [
      ...describeImplementation(report.ours),
      ...describeImplementation(report.naive),
      consistencyLine(report),
    ]) {
      console.log(line);
    }
    const { ours, naive } = report;
    expect(ours.ops).toBe(3750);
    expect(naive.ops).toBe(3750);
    expect(ours.evictions).toBeGreaterThan(0);
    expect(ours.toggles).toBeGreaterThan(0);
    expect(ours.faults).toEqual({
      'late commit': 1,
      'memcached server hung': 1,
      'process killed': 1,
      'memcached server added and removed': 1,
    });
    // The short-timeout process's writes behind the held lock are stopped by the server.
    expect(ours.failedWrites).toBeGreaterThan(0);
    expect(ours.staleEntries).toEqual([]);
    expect(ours.staleReadsBeyondBound).toEqual([]);
    expect(ours.staleAfterAckMsMax).toBeLessThanOrEqual(DEFAULT_CHECKER_OPTIONS.staleBoundMs);
    expect(staleCount(naive)).toBeGreaterThan(0);
    expect(ours.lostWrites).toEqual([]);
    // Cache trouble (a slow connect on a busy machine) is never the caller's failure in ours.
    expect(ours.unexpectedErrors).toEqual({});
    expect(naive.lostWrites).toEqual([]);
    expect(ours.hostsThatLeaked).toBe(0);
    expect(ours.stats.pendingInvalidations).toBe(0);
  }, 120_000);
});
