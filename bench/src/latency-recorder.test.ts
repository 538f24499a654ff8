import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './latency-recorder';

describe('LatencyRecorder', () => {
  it('gives nearest-rank quantiles of everything recorded, past its initial capacity', () => {
    const recorder = new LatencyRecorder();
    // 1..100000 in a scrambled order: p50 is 50000, p99 is 99000, the maximum is 100000.
    for (let i = 0; i < 100_000; i++) recorder.record(((i * 7919) % 100_000) + 1);
    expect(recorder.count).toBe(100_000);
    expect(recorder.quantiles([0.5, 0.99, 1])).toEqual([50_000, 99_000, 100_000]);
  });

  it('answers NaN before anything was recorded', () => {
    expect(new LatencyRecorder().quantiles([0.5])).toEqual([Number.NaN]);
  });
});
