import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_RECENT_INVALIDATIONS, RecentInvalidations } from './recent-invalidations';

afterEach(() => {
  vi.useRealTimers();
});

describe('RecentInvalidations', () => {
  it('lists the ids of the horizon once each, oldest first, and forgets older ones', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const recent = new RecentInvalidations(1_000);
    recent.record('a');
    vi.advanceTimersByTime(400);
    recent.record('b');
    recent.record('a');
    expect(recent.ids()).toStrictEqual(['b', 'a']);
    vi.advanceTimersByTime(700);
    recent.record('c');
    expect(recent.ids()).toStrictEqual(['b', 'a', 'c']);
    vi.advanceTimersByTime(400);
    expect(recent.ids()).toStrictEqual(['c']);
  });

  it('a horizon of 0 remembers nothing', () => {
    const recent = new RecentInvalidations(0);
    vi.useFakeTimers({ now: 5_000 });
    recent.record('a');
    vi.advanceTimersByTime(1);
    expect(recent.ids()).toStrictEqual([]);
  });

  it('keeps at most MAX_RECENT_INVALIDATIONS ids, the newest', () => {
    const recent = new RecentInvalidations(60_000);
    for (let i = 0; i <= MAX_RECENT_INVALIDATIONS; i++) recent.record(`id-${i}`);
    const ids = recent.ids();
    expect(ids).toHaveLength(MAX_RECENT_INVALIDATIONS);
    expect(ids[0]).toBe('id-1');
    expect(ids.at(-1)).toBe(`id-${MAX_RECENT_INVALIDATIONS}`);
  });
});
