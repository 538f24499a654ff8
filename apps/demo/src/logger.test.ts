import { describe, expect, it } from 'vitest';
import { logCapture } from './test-app';

describe('createLogger', () => {
  it('redacts the Authorization header wherever a request is logged', () => {
    const capture = logCapture();
    const headers = { authorization: 'Bearer hunter2-hunter2-hunter2', host: 'x' };
    capture.logger.info({ req: { headers } }, 'a request');
    capture.logger.info({ headers }, 'headers alone');
    capture.logger.info({ request: { headers } }, 'a fastify request');
    expect(capture.text()).not.toContain('hunter2');
    expect(capture.logs.map((l) => JSON.stringify(l))).toEqual([
      expect.stringContaining('[redacted]'),
      expect.stringContaining('[redacted]'),
      expect.stringContaining('[redacted]'),
    ]);
  });
});
