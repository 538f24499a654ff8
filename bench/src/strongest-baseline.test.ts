import { describe, expect, it } from 'vitest';
import type { Measurement } from './harness';
import { ratioToStrongest } from './strongest-baseline';

const measured = (name: string, rounds: number[]): Measurement => ({
  name,
  inflight: 1,
  ops: 0,
  opsPerSec: [...rounds].sort((a, b) => a - b)[rounds.length >> 1] as number,
  p50Ms: 0,
  p99Ms: 0,
  cpuMicrosPerOp: 0,
  roundOpsPerSec: rounds,
});

describe('ratioToStrongest', () => {
  it('pairs the candidate with the baseline of the highest median ops/s', () => {
    const rows = [
      measured('candidate', [100, 100, 100]),
      measured('weak', [50, 50, 50]),
      measured('strong', [200, 400, 100]),
    ];
    expect(ratioToStrongest(rows, 'candidate', ['weak', 'strong'])).toEqual({
      ratio: 0.5,
      baseline: 'strong',
    });
    expect(ratioToStrongest(rows, 'candidate', ['weak'])).toEqual({ ratio: 2, baseline: 'weak' });
  });

  it('refuses a name that was not measured', () => {
    expect(() => ratioToStrongest([measured('a', [1])], 'a', ['b'])).toThrow(
      '"b" was not measured',
    );
  });
});
