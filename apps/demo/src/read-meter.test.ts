import { describe, expect, it } from 'vitest';
import { LATENCY_WINDOW_MS, ReadMeter } from './read-meter';

describe('ReadMeter', () => {
  it('counts reads by source', () => {
    const meter = new ReadMeter();
    meter.countRead('cache');
    meter.countRead('cache');
    meter.countRead('db');
    expect(meter.snapshot().reads).toEqual({ cache: 2, db: 1 });
  });

  it('gives nearest-rank p50 and p99 of the samples in the window, and forgets older ones', () => {
    let now = 0;
    const meter = new ReadMeter(() => now);
    for (let ms = 1; ms <= 100; ms++) meter.recordLatency(ms);
    expect(meter.snapshot().latencyMs).toEqual({
      p50: 50,
      p99: 99,
      samples: 100,
      windowMs: LATENCY_WINDOW_MS,
    });
    now = LATENCY_WINDOW_MS / 2;
    meter.recordLatency(1000);
    now = LATENCY_WINDOW_MS + 1;
    expect(meter.snapshot().latencyMs).toMatchObject({ p50: 1000, p99: 1000, samples: 1 });
    now += LATENCY_WINDOW_MS;
    expect(meter.snapshot().latencyMs).toMatchObject({ p50: 0, p99: 0, samples: 0 });
  });

  it('holds a bounded number of samples however many arrive', () => {
    const meter = new ReadMeter(() => 0);
    for (let i = 0; i < 20_000; i++) meter.recordLatency(i % 2 === 0 ? 1 : 3);
    const { samples, p50 } = meter.snapshot().latencyMs;
    expect(samples).toBe(8192);
    expect(p50).toBe(1);
  });
});
