import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { SqlitePersonDb } from '@cachetoggle/dao-db/sqlite';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { describe, expect, it } from 'vitest';

describe('the service on the embedded defaults (SQLite and an in-process Keyv store)', () => {
  it('reads through the cache, invalidates on write and honours the switch', async () => {
    const db = await SqlitePersonDb.open({ url: ':memory:' });
    await db.migrate();
    const cache = new KeyvPersonCache();
    const service = new CacheAsidePersonService({ db, cache });
    try {
      const p = await service.create({ firstName: 'Katherine', lastName: 'Johnson' });
      expect((await service.get(p.id)).source).toBe('db');
      expect((await service.get(p.id)).source).toBe('cache');
      const updated = await service.update(p.id, { firstName: 'Kathy' }, p.version);
      expect(await service.get(p.id)).toEqual({ person: updated, source: 'db' });
      expect((await service.get(p.id, { useDb: true })).source).toBe('db');
    } finally {
      await service.close();
      await cache.close();
      await db.close();
    }
  });
});
