import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKER_OPTIONS } from './checker-options';
import { consistencyLine, describeImplementation } from './checker-summary';
import { runChecker } from './run-checker';

// The checker at a small size: 2 processes per implementation sharing three private memcached
// servers (production shares several, and batches span them) and one fresh database, random
// delays between the protocol steps, forced evictions, mode toggles.
describe('the consistency checker', () => {
  it('finds no stale entry and no lost write with our service, and stale entries with the naive one', async () => {
    const report = await runChecker({
      ...DEFAULT_CHECKER_OPTIONS,
      ops: 3000,
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
    expect(ours.ops).toBe(3000);
    expect(naive.ops).toBe(3000);
    expect(ours.evictions).toBeGreaterThan(0);
    expect(ours.toggles).toBeGreaterThan(0);
    expect(ours.staleEntries).toEqual([]);
    expect(naive.staleEntries.length).toBeGreaterThan(0);
    expect(ours.lostWrites).toEqual([]);
    // Cache trouble (a slow connect on a busy machine) is never the caller's failure in ours.
    expect(ours.unexpectedErrors).toEqual({});
    expect(naive.lostWrites).toEqual([]);
    // A read can only be stale in our service when an invalidation failed (it is retried, and
    // until then other processes may serve the old value).
    if (ours.stats.invalidationFailures === 0) expect(ours.staleReads).toEqual([]);
    expect(ours.hostsThatLeaked).toBe(0);
    expect(ours.stats.pendingInvalidations).toBe(0);
  }, 120_000);
});
