import { startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

// One file holds every test against the run's MariaDB database, so no two test files migrate
// it at the same time.
const databaseUrl = inject('databaseUrl');
const run = Math.random().toString(36).slice(2, 8);
const idOf = (name: string) => `${name}-${run}`;

describe('on MariaDB and memcached', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      { DATABASE_URL: databaseUrl, MEMCACHE_SERVERS: inject('memcacheServers') },
      { cacheNamespace: inject('memcacheNamespace') },
    );
  });
  afterAll(() => t?.close());

  it('logs the backends without credentials', () => {
    const ready = t.logs.find((line) => line.msg === 'backends ready');
    const { hostname, port, pathname } = new URL(databaseUrl);
    expect(ready?.db).toBe(`mysql://${hostname}:${port || '3306'}${pathname}`);
    expect(String(ready?.cache)).toContain(inject('memcacheServers'));
    expect(JSON.stringify(t.logs)).not.toContain('root@');
  });

  it('suggests no sample person on a database that holds none (the banner offers a create)', () => {
    expect(t.backends.examplePersonId).toBeUndefined();
  });

  it('the first read comes from the db, the next from memcached; DB mode bypasses it', async () => {
    const id = idOf('ada');
    const created = await t.app.inject({
      method: 'POST',
      url: '/people',
      payload: { id, firstName: 'Ada', lastName: 'Lovelace' },
    });
    expect(created.statusCode).toBe(201);
    const read = () => t.app.inject({ method: 'GET', url: `/people/${id}` });
    expect((await read()).headers['x-cache-source']).toBe('db');
    expect((await read()).headers['x-cache-source']).toBe('cache');

    const auth = { authorization: `Bearer ${t.config.adminToken}` };
    await t.app.inject({ method: 'PUT', url: '/mode', headers: auth, payload: { useDb: true } });
    const updated = await t.app.inject({
      method: 'PUT',
      url: `/people/${id}`,
      payload: { lastName: 'King' },
    });
    expect(updated.json().version).toBe(2);
    expect((await read()).headers['x-cache-source']).toBe('db');
    await t.app.inject({ method: 'PUT', url: '/mode', headers: auth, payload: { useDb: false } });
    expect((await read()).json()).toMatchObject({ lastName: 'King', version: 2 });

    const many = await t.app.inject({ method: 'GET', url: `/people?ids=${id},${idOf('nobody')}` });
    expect(many.json()).toMatchObject({ people: [{ person: { id } }], missing: [idOf('nobody')] });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({
      status: 'ok',
      // MEMCACHE_SERVERS was proposed as the fleet's topology; the database's row holds it.
      topology: {
        generation: expect.any(Number),
        servers: inject('memcacheServers').split(',').sort(),
        source: 'shared',
      },
    });
  });

  it('stopping memcached mid-run turns no request into an error', async () => {
    const memcached = await startMemcached();
    const outage = await startTestApp(
      { DATABASE_URL: databaseUrl, MEMCACHE_SERVERS: memcached.servers },
      { cacheNamespace: `outage-${run}` },
    );
    try {
      const ids = Array.from({ length: 5 }, (_, i) => idOf(`outage${i}`));
      for (const id of ids) {
        await outage.app.inject({
          method: 'POST',
          url: '/people',
          payload: { id, firstName: 'F', lastName: 'L' },
        });
      }
      const statuses: number[] = [];
      const sourcesBeforeKill = new Set<unknown>();
      const latestVersion = new Map<string, number>();
      let answered = 0;
      let killed: Promise<void> | undefined;
      const worker = async (w: number) => {
        for (let i = 0; i < 60; i++) {
          const id = ids[(w + i) % ids.length] as string;
          const response =
            i % 10 === 0
              ? await outage.app.inject({
                  method: 'PUT',
                  url: `/people/${id}`,
                  payload: { firstName: `F${w}-${i}` },
                })
              : await outage.app.inject({ method: 'GET', url: `/people/${id}` });
          statuses.push(response.statusCode);
          if (response.statusCode === 200) {
            const { version } = response.json();
            latestVersion.set(id, Math.max(latestVersion.get(id) ?? 0, version));
          }
          if (!killed) sourcesBeforeKill.add(response.headers['x-cache-source']);
          answered++;
          if (answered === 50) killed = memcached.kill();
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
      await killed;
      expect(memcached.running).toBe(false);
      expect(sourcesBeforeKill).toContain('cache');
      expect(statuses).toHaveLength(360);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);

      for (const id of ids) {
        const read = await outage.app.inject({ method: 'GET', url: `/people/${id}` });
        expect(read.json().version, id).toBe(latestVersion.get(id));
      }
      const stats = (await outage.app.inject({ method: 'GET', url: '/stats' })).json();
      expect(stats.cacheErrors).toBeGreaterThan(0);
      const health = await outage.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ db: 'up', cache: 'down' });
    } finally {
      await outage.close();
      await memcached.stop();
    }
  });
});
