import { describe, expect, it } from 'vitest';
import { type BreakerState, CircuitBreaker } from './circuit-breaker';

function breaker(failureThreshold = 3, cooldownMs = 100) {
  let now = 0;
  const changes: BreakerState[] = [];
  const b = new CircuitBreaker(
    { failureThreshold, cooldownMs },
    (s) => changes.push(s),
    () => now,
  );
  return { b, changes, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { b, changes } = breaker(3);
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.allowRequest()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('lets exactly one probe through after the cooldown', () => {
    const { b, advance } = breaker(1, 100);
    b.recordFailure();
    advance(99);
    expect(b.allowRequest()).toBe(false);
    advance(1);
    expect(b.allowRequest()).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.allowRequest()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const { b, changes, advance } = breaker(1);
    b.recordFailure();
    advance(100);
    b.allowRequest();
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.allowRequest()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for a full cooldown when the probe fails', () => {
    const { b, changes, advance } = breaker(5, 100);
    for (let i = 0; i < 5; i++) b.recordFailure();
    advance(100);
    b.allowRequest();
    b.recordFailure();
    expect(b.state).toBe('open');
    advance(99);
    expect(b.allowRequest()).toBe(false);
    advance(1);
    expect(b.allowRequest()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open']);
  });
});
