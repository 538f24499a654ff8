import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeaseWait } from './lease-wait';

afterEach(() => {
  vi.useRealTimers();
});

/** The pauses a wait makes until it is over, in fake milliseconds. */
async function pausesOf(wait: LeaseWait): Promise<number[]> {
  const pauses: number[] = [];
  for (;;) {
    const before = Date.now();
    const pausing = wait.pause();
    await vi.runAllTimersAsync();
    if (!(await pausing)) return pauses;
    pauses.push(Date.now() - before);
  }
}

describe('LeaseWait', () => {
  it('doubles its pauses up to 8 times the first, and stops at the longest wait', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const pauses = await pausesOf(new LeaseWait({ pollIntervalMs: 5, maxWaitMs: 200 }));
    expect(pauses).toEqual([5, 10, 20, 40, 40, 40, 40, 5]);
  });

  it('a wait of 0 ms is over at once', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(await pausesOf(new LeaseWait({ pollIntervalMs: 5, maxWaitMs: 0 }))).toEqual([]);
  });
});
