import { describe, expect, it, vi } from 'vitest';
import { InvalidationRetryQueue } from './invalidation-retry-queue';

const NO_TIMER = { capacity: 3, initialDelayMs: 3_600_000, maxDelayMs: 3_600_000 };

function queue(retry: (id: string) => Promise<boolean>, options = NO_TIMER) {
  const dropped: string[] = [];
  const q = new InvalidationRetryQueue(options, retry, (id) => dropped.push(id));
  return { q, dropped };
}

describe('InvalidationRetryQueue', () => {
  it('keeps at most capacity ids, dropping the oldest', () => {
    const { q, dropped } = queue(async () => true);
    for (const id of ['a', 'b', 'c', 'a', 'd']) q.add(id);
    expect(q.size).toBe(3);
    expect(dropped).toEqual(['b']);
    expect(['a', 'c', 'd'].every((id) => q.has(id))).toBe(true);
    q.close();
  });

  it('a round retries every id and forgets the ones that succeeded', async () => {
    const tried: string[] = [];
    const { q } = queue(async (id) => {
      tried.push(id);
      return id !== 'b';
    });
    for (const id of ['a', 'b', 'c']) q.add(id);
    await q.retryNow();
    expect(tried).toEqual(['a', 'b', 'c']);
    expect(q.has('b')).toBe(true);
    expect(q.size).toBe(1);
    q.close();
  });

  it('an invalidation that succeeded settles only entries queued before it was sent', () => {
    const { q } = queue(async () => true);
    q.add('a');
    const mark = q.mark();
    q.add('b');
    q.settle('a', mark);
    q.settle('b', mark);
    expect(q.has('a')).toBe(false);
    expect(q.has('b')).toBe(true);
    q.close();
  });

  it('retries on its own timer until the ids are gone', async () => {
    let healthy = false;
    const attempts = vi.fn(async () => healthy);
    const { q } = queue(attempts, { capacity: 10, initialDelayMs: 1, maxDelayMs: 4 });
    q.add('a');
    await vi.waitFor(() => expect(attempts.mock.calls.length).toBeGreaterThanOrEqual(3));
    healthy = true;
    await vi.waitFor(() => expect(q.size).toBe(0));
    q.close();
  });
});
