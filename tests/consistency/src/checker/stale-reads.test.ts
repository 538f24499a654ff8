import { describe, expect, it } from 'vitest';
import type { ReadRecord, WriteRecord } from './operation-log';
import { findStaleReads, longestLagMs, staleBeyond } from './stale-reads';

const write = (kind: WriteRecord['kind'], at: number, version?: number): WriteRecord => ({
  kind,
  id: 'a',
  startedAt: at,
  endedAt: at + 5,
  outcome: 'acked',
  ...(version === undefined ? {} : { lifetime: 'L0', version, firstName: `v${version}` }),
});

const read = (at: number, version?: number): ReadRecord => ({
  id: 'a',
  startedAt: at,
  endedAt: at + 1,
  source: version === undefined ? 'none' : 'cache',
  ...(version === undefined ? {} : { row: { lifetime: 'L0', version, firstName: `v${version}` } }),
});

describe('findStaleReads', () => {
  it('flags a read that began after a newer version was acknowledged', () => {
    const writes = [write('update', 0, 2)];
    expect(findStaleReads([read(20, 1)], writes)).toHaveLength(1);
    expect(findStaleReads([read(20, 2)], writes)).toHaveLength(0);
  });

  it('does not flag a read that overlapped the write', () => {
    expect(findStaleReads([read(4, 1)], [write('update', 0, 2)])).toHaveLength(0);
  });

  it('flags a not-found after an acknowledged write unless a delete may have come between', () => {
    expect(findStaleReads([read(20)], [write('update', 0, 2)])).toHaveLength(1);
    expect(findStaleReads([read(20)], [write('update', 0, 2), write('delete', 10)])).toHaveLength(
      0,
    );
  });

  it('measures the lag from the first acknowledged write the read missed', () => {
    const stale = findStaleReads([read(1000, 1)], [write('update', 500, 3), write('update', 0, 2)]);
    expect(stale.map((s) => s.lagMs)).toEqual([995]);
    expect(longestLagMs(stale)).toBe(995);
    expect(longestLagMs([])).toBe(0);
  });

  it('excuses only the reads within the bound', () => {
    const stale = findStaleReads([read(100, 1), read(1200, 1)], [write('update', 0, 2)]);
    expect(staleBeyond(stale, 1000).map((s) => s.read.startedAt)).toEqual([1200]);
  });
});
