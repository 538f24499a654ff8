import type { Person } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { findLostWrites } from './lost-writes';
import type { WriteRecord } from './operation-log';

const seed: WriteRecord = {
  kind: 'create',
  id: 'a',
  startedAt: 0,
  endedAt: 1,
  outcome: 'acked',
  lifetime: 'L0',
  version: 1,
};

const update = (
  at: number,
  firstName: string,
  version?: number,
  outcome = 'acked',
): WriteRecord => ({
  kind: 'update',
  id: 'a',
  startedAt: at,
  endedAt: at + 5,
  outcome: outcome as WriteRecord['outcome'],
  firstName,
  ...(version === undefined ? {} : { lifetime: 'L0', version }),
});

const row = (version: number, firstName: string, lastName = 'L0'): Map<string, Person> =>
  new Map([['a', { id: 'a', firstName, lastName, version }]]);

describe('findLostWrites', () => {
  it('accepts a history whose last write is the final row', () => {
    const writes = [seed, update(10, 'x', 2), update(20, 'y', 3)];
    expect(findLostWrites(writes, row(3, 'y'))).toEqual([]);
  });

  it('reports an acknowledged update the row does not hold (the row went back in time)', () => {
    const writes = [seed, update(10, 'x', 2), update(20, 'y', 3)];
    const lost = findLostWrites(writes, row(2, 'x'));
    expect(lost.map((l) => l.write?.firstName)).toContain('y');
  });

  it('reports two acknowledged writes that claim the same version', () => {
    const writes = [seed, update(10, 'x', 2), update(11, 'y', 2)];
    expect(findLostWrites(writes, row(2, 'y')).length).toBeGreaterThan(0);
  });

  it('reports a row that is gone although no delete may have come last', () => {
    expect(findLostWrites([seed, update(10, 'x', 2)], new Map()).length).toBe(1);
  });

  it('accepts either of two overlapping writes as the last one', () => {
    const writes = [seed, update(10, 'x', 2), update(12, 'y', 3)];
    expect(findLostWrites(writes, row(3, 'y'))).toEqual([]);
    const reordered = [seed, update(10, 'x', 3), update(12, 'y', 2)];
    expect(findLostWrites(reordered, row(3, 'x'))).toEqual([]);
  });

  it('lets a write with an unknown outcome explain the final row, or not have happened', () => {
    const writes = [seed, update(10, 'x', 2), update(20, 'maybe', undefined, 'unknown')];
    expect(findLostWrites(writes, row(3, 'maybe'))).toEqual([]);
    expect(findLostWrites(writes, row(2, 'x'))).toEqual([]);
  });

  it('accepts a delete and a create of a new lifetime as the last writes', () => {
    const writes: WriteRecord[] = [
      seed,
      { kind: 'delete', id: 'a', startedAt: 10, endedAt: 12, outcome: 'acked' },
      {
        kind: 'create',
        id: 'a',
        startedAt: 20,
        endedAt: 22,
        outcome: 'acked',
        lifetime: 'L1',
        version: 1,
      },
    ];
    expect(findLostWrites(writes, row(1, 'Created', 'L1'))).toEqual([]);
    expect(findLostWrites(writes, new Map()).length).toBe(1);
  });

  it('ignores rejected writes and reports a row nobody wrote', () => {
    const writes = [seed, update(10, 'x', undefined, 'rejected')];
    expect(findLostWrites(writes, row(1, 'Seed'))).toEqual([]);
    expect(findLostWrites(writes, row(2, 'x')).length).toBe(1);
  });
});
