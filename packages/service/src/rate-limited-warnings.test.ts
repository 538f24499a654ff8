import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedWarnings } from './rate-limited-warnings';
import { RecordingLogger } from './service-fixture';

afterEach(() => {
  vi.useRealTimers();
});

describe('RateLimitedWarnings', () => {
  it('logs a key once per interval and reports how many it held back', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const logger = new RecordingLogger();
    const warnings = new RateLimitedWarnings(logger, 1_000);
    for (let i = 0; i < 50; i++) warnings.warn('get', { op: 'get' }, 'failed');
    warnings.warn('add', { op: 'add' }, 'failed');
    expect(logger.warnings).toEqual([
      { obj: { op: 'get' }, msg: 'failed' },
      { obj: { op: 'add' }, msg: 'failed' },
    ]);
    vi.setSystemTime(Date.now() + 1_000);
    warnings.warn('get', { op: 'get' }, 'failed');
    expect(logger.warnings[2]).toEqual({ obj: { op: 'get', suppressed: 49 }, msg: 'failed' });
  });
});
