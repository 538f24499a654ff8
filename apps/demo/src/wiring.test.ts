import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { SAMPLE_PEOPLE } from './sample-people';
import { logCapture } from './test-app';
import { openBackends } from './wiring';

const dataDir = mkdtempSync(join(tmpdir(), 'ct-demo-wiring-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openBackends on the embedded defaults', () => {
  const config = loadConfig({ DEMO_DATA_DIR: dataDir });

  it('a new SQLite file is migrated and seeded with the sample people', async () => {
    const capture = logCapture();
    const backends = await openBackends(config, capture.logger);
    try {
      const { people, missing } = await backends.service.getMany(SAMPLE_PEOPLE.map((p) => p.id));
      expect(missing).toEqual([]);
      expect(people.map((r) => r.person.id)).toEqual(SAMPLE_PEOPLE.map((p) => p.id));
      expect(backends.describe).toEqual({
        db: `sqlite ${join(dataDir, 'people.db')}`,
        cache: 'in-process Keyv store',
      });
      expect(capture.logs).toContainEqual(
        expect.objectContaining({ msg: 'backends ready', cache: 'in-process Keyv store' }),
      );
      expect(backends.examplePersonId).toBe('ada');
      await backends.service.delete('ada');
    } finally {
      await backends.close();
    }
  });

  it('an existing file keeps its data and is not seeded again', async () => {
    const backends = await openBackends(config, logCapture().logger);
    try {
      const { missing } = await backends.service.getMany(['ada', 'alan']);
      expect(missing).toEqual(['ada']);
      expect(backends.examplePersonId).toBe('alan');
    } finally {
      await backends.close();
    }
  });
});
