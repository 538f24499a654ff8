import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { ChaosPersonDb } from '@cachetoggle/testing/fakes';
import {
  type MemcachedProcess,
  memcachedStats,
  startMemcached,
} from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueId } from './real-stack';

const N = 100;

describe('the service on a private memcached: what a miss and a hit cost', () => {
  let memcached: MemcachedProcess;
  let mysql: MysqlPersonDb;
  let cache: MemcachePersonCache;
  beforeAll(async () => {
    memcached = await startMemcached();
    mysql = await MysqlPersonDb.open({ url: inject('databaseUrl') });
    await mysql.migrate();
    cache = new MemcachePersonCache({
      servers: memcached.servers,
      namespace: `ct-cost-${randomBytes(4).toString('hex')}`,
    });
  });
  afterAll(async () => {
    await Promise.allSettled([cache?.close(), mysql?.close()]);
    await memcached?.stop();
  });

  /** memcached's get and set counters and the PersonDb calls spent by `work`. */
  async function cost(db: ChaosPersonDb, work: () => Promise<void>) {
    const before = await memcachedStats(memcached.servers);
    db.resetCalls();
    await work();
    const after = await memcachedStats(memcached.servers);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    return {
      cmdGet: delta('cmd_get'),
      cmdSet: delta('cmd_set'),
      dbReads: db.calls.get + db.calls.getMany,
    };
  }

  it('100 misses cost 100 gets, 100 sets and 100 queries; 100 hits cost 100 gets', async () => {
    const db = new ChaosPersonDb(mysql);
    const service = new CacheAsidePersonService({ db, cache });
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      ids.push(
        (await mysql.create({ id: uniqueId(`cost${i}`), firstName: 'C', lastName: 'O' })).id,
      );
    }
    const misses = await cost(db, async () => {
      for (const id of ids) expect((await service.get(id)).source).toBe('db');
    });
    expect(misses).toEqual({ cmdGet: N, cmdSet: N, dbReads: N });
    const hits = await cost(db, async () => {
      for (const id of ids) expect((await service.get(id)).source).toBe('cache');
    });
    expect(hits).toEqual({ cmdGet: N, cmdSet: 0, dbReads: 0 });
    expect(service.stats()).toMatchObject({ misses: N, hits: N, fills: N, fillRacesLost: 0 });
    await service.close();
  });
});
