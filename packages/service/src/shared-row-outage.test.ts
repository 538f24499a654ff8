import { describe, expect, it } from 'vitest';
import { RecordingLogger } from './service-fixture';
import { SharedRowOutage } from './shared-row-outage';

describe('SharedRowOutage', () => {
  it('warns once when the row becomes unreadable and once when it is readable again', () => {
    const logger = new RecordingLogger();
    const outage = new SharedRowOutage(logger, 'shared mode', 'the last known mode');
    outage.succeeded(() => ({ useDb: true }));
    expect(outage.since).toBeUndefined();

    const before = Date.now();
    outage.failed(new Error('down'), { useDb: true });
    const since = outage.since;
    expect(since).toBeGreaterThanOrEqual(before);
    outage.failed('still down', { useDb: true });
    expect(outage.since).toBe(since);
    outage.succeeded(() => ({ useDb: false }));
    outage.succeeded(() => ({ useDb: false }));
    expect(outage.since).toBeUndefined();

    expect(logger.warnings).toEqual([
      {
        obj: { useDb: true, reason: 'down' },
        msg: 'shared mode unreadable; keeping the last known mode',
      },
      { obj: { useDb: false }, msg: 'shared mode readable again' },
    ]);
  });
});
