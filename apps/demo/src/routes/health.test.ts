import type { ModeStore } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import {
  ChaosModeStore,
  ChaosPersonCache,
  ChaosPersonDb,
  FakeModeStore,
  FakePersonCache,
  FakePersonDb,
} from '@cachetoggle/testing/fakes';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { daoHealthProbes } from '../health-probes';
import { createLogger } from '../logger';
import { TEST_ADMIN_TOKEN } from '../test-app';

function chaosApp(servers?: readonly string[], modeStore?: ModeStore) {
  const db = new ChaosPersonDb(new FakePersonDb());
  const cache = new ChaosPersonCache(new FakePersonCache({ readOrLease: true, servers }));
  const logger = createLogger('silent');
  const service = new CacheAsidePersonService({
    db,
    cache,
    logger,
    useDb: false,
    ttlMs: 60_000,
    modeStore,
  });
  const app = buildApp({
    service,
    config: { adminToken: TEST_ADMIN_TOKEN, bodyLimitBytes: 16 * 1024, maxIdsPerRequest: 100 },
    probes: daoHealthProbes(db, cache),
    probeTimeoutMs: 100,
  });
  return { app, db, cache, service };
}

let current: ReturnType<typeof chaosApp> | undefined;
afterEach(async () => {
  await current?.app.close();
  await current?.service.close();
});

describe('GET /healthz', () => {
  it('is 200 ok while both backends answer', async () => {
    current = chaosApp();
    const response = await current.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      db: 'up',
      cache: 'up',
      breaker: 'closed',
      servers: [{ name: 'default', breakerState: 'closed', pendingInvalidations: 0 }],
      useDb: false,
      mode: { useDb: false, source: 'configured' },
    });
  });

  it('says when the mode is the last known one because the mode row cannot be read', async () => {
    const modeStore = new ChaosModeStore(new FakeModeStore(true));
    current = chaosApp(undefined, modeStore);
    await current.service.refreshMode();
    modeStore.fail({ methods: ['read'] });
    await current.service.refreshMode();
    const response = await current.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      useDb: true,
      mode: { useDb: true, source: 'last-known', unreadableSince: expect.any(Number) },
    });
  });

  it("names each cache server with its breaker and pending invalidations; one server's open breaker opens the whole", async () => {
    current = chaosApp(['s1', 's2']);
    const { service, cache } = current;
    const [onS1, onS2] = ['s1', 's2'].map(
      (server) =>
        ['a', 'b', 'c', 'd', 'e', 'f'].find((id) => cache.serverOf?.(id) === server) as string,
    );
    await service.get(onS2 as string).catch(() => {});
    cache.fail({ servers: ['s1'] });
    for (let i = 0; i < 5; i++) await service.get(onS1 as string).catch(() => {});
    const response = await current.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      breaker: 'open',
      servers: [
        { name: 's1', breakerState: 'open', pendingInvalidations: 0 },
        { name: 's2', breakerState: 'closed', pendingInvalidations: 0 },
      ],
    });
  });

  it('is 503 when the database is down', async () => {
    current = chaosApp();
    current.db.fail();
    const response = await current.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'down', db: 'down' });
  });

  it('is 503 when the database does not answer within the probe timeout', async () => {
    current = chaosApp();
    current.db.hang({ methods: ['get'] });
    const response = await current.app.inject({ method: 'GET', url: '/healthz' });
    current.db.heal();
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'down', db: 'down', cache: 'up' });
  });

  it('is 200 degraded when only the cache is down, and reads still work', async () => {
    current = chaosApp();
    await current.app.inject({
      method: 'POST',
      url: '/people',
      payload: { id: 'ada', firstName: 'Ada', lastName: 'L' },
    });
    current.cache.fail();
    const health = await current.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'degraded', db: 'up', cache: 'down' });
    const read = await current.app.inject({ method: 'GET', url: '/people/ada' });
    expect(read.statusCode).toBe(200);
    expect(read.headers['x-cache-source']).toBe('db');
  });

  it('a database that is down turns reads into 503s in the error shape', async () => {
    current = chaosApp();
    current.db.fail();
    const response = await current.app.inject({ method: 'GET', url: '/people/ada' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('UNAVAILABLE');
  });
});
