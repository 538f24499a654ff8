import { describe, expect, it } from 'vitest';
import type { ReadRecord, WriteRecord } from './operation-log';
import { findStaleReads } from './stale-reads';

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
});
