import type { Person } from '@cachetoggle/model';
import {
  ChaosPersonCache,
  createDeferred,
  FakePersonCache,
  FakePersonDb,
} from '@cachetoggle/testing/fakes';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';
import type { BreakerState } from './circuit-breaker';
import { ada, createFixture, READ_PATHS, RecordingLogger } from './service-fixture';

const SERVERS = ['s1', 's2', 's3'];
const placement = new FakePersonCache({ servers: SERVERS });
const people: Person[] = Array.from({ length: 30 }, (_, i) => ({ ...ada, id: `p${i}` }));
const on = (server: string) => people.filter((p) => placement.serverOf?.(p.id) === server);
const ids = (list: readonly Person[]) => list.map((p) => p.id);

afterEach(() => {
  vi.useRealTimers();
});

describe.each(READ_PATHS)('each cache server on its own ($name)', (path) => {
  const cacheOptions = { ...path.cacheOptions, servers: SERVERS };

  it('every server name holds some of the test people', () => {
    for (const server of SERVERS) expect(on(server).length).toBeGreaterThanOrEqual(5);
  });

  it("one dead server of three: its keys come from the DB, the others' from the cache, and the breakers of the others stay closed", async () => {
    const { service, cache, logger } = createFixture({
      people,
      cacheOptions,
      breaker: { failureThreshold: 2 },
    });
    for (const person of people) await service.get(person.id);
    cache.fail({ servers: ['s2'] });
    for (let round = 0; round < 3; round++) {
      for (const person of people) {
        const expected = placement.serverOf?.(person.id) === 's2' ? 'db' : 'cache';
        expect(await service.get(person.id)).toEqual({ person, source: expected });
      }
    }
    const stats = service.stats();
    expect(stats.servers).toEqual([
      { name: 's1', breakerState: 'closed', pendingInvalidations: 0 },
      { name: 's2', breakerState: 'open', pendingInvalidations: 0 },
      { name: 's3', breakerState: 'closed', pendingInvalidations: 0 },
    ]);
    expect(stats).toMatchObject({ breakerState: 'open', cacheErrors: 2 });
    expect(logger.warnings.find((w) => /circuit opened/.test(w.msg))?.obj.server).toBe('s2');
    expect(logger.warnings.find((w) => w.obj.op !== undefined)?.obj.server).toBe('s2');
  });

  it("getMany spanning servers serves the healthy servers' keys from the cache", async () => {
    const { service, cache, db } = createFixture({ people, cacheOptions });
    await service.getMany(ids(people));
    cache.fail({ servers: ['s3'] });
    db.resetCalls();
    const read = await service.getMany(ids(people));
    for (const { person, source } of read.people) {
      expect(source, person.id).toBe(placement.serverOf?.(person.id) === 's3' ? 'db' : 'cache');
    }
    expect(read.people).toHaveLength(people.length);
    expect(db.calls.getMany).toBe(1);
    expect(service.stats().servers.map((s) => s.breakerState)).toEqual([
      'closed',
      'closed',
      'closed',
    ]);
  });

  it("a batch whose server's circuit is open still fills the other servers' misses", async () => {
    const { service, cache, fakeCache } = createFixture({
      people,
      cacheOptions,
      breaker: { failureThreshold: 1 },
    });
    cache.fail({ servers: ['s1'] });
    await service.get(ids(on('s1'))[0] as string);
    const read = await service.getMany(ids(people));
    expect(read.people.every((p) => p.source === 'db')).toBe(true);
    for (const person of people) {
      const filled = fakeCache.peek(person.id).kind === 'person';
      expect(filled, person.id).toBe(placement.serverOf?.(person.id) !== 's1');
    }
    expect(cache.calls[path.cacheOptions.readOrLease ? 'getManyOrLease' : 'getMany']).toBe(2);
  });

  it("an invalidation for a healthy server is not queued behind a sick server's", async () => {
    const { service, cache, fakeCache } = createFixture({
      people,
      cacheOptions,
      cacheTimeoutMs: 60_000,
      breaker: { failureThreshold: 1 },
      invalidationRetry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const [sick1, sick2] = on('s1') as [Person, Person];
    const [healthy1, healthy2] = on('s2') as [Person, Person];
    await service.getMany(ids([sick1, sick2, healthy1, healthy2]));
    // A hung server holds its own invalidation, not the others'.
    cache.hang({ servers: ['s1'], methods: ['delete'] });
    const stuck = service.update(sick1.id, { firstName: 'Hung' });
    await service.update(healthy1.id, { firstName: 'AtOnce' });
    expect(fakeCache.peek(healthy1.id).kind).toBe('miss');
    cache.heal();
    await stuck;
    // A failing server queues its own invalidations; its open circuit refuses only its keys.
    cache.fail({ servers: ['s1'], methods: ['delete'] });
    await service.update(sick1.id, { firstName: 'Queued' });
    await service.update(sick2.id, { firstName: 'Refused' });
    await service.update(healthy2.id, { firstName: 'AtOnce' });
    expect(fakeCache.peek(healthy2.id).kind).toBe('miss');
    expect(service.stats().servers).toEqual([
      { name: 's1', breakerState: 'open', pendingInvalidations: 2 },
      { name: 's2', breakerState: 'closed', pendingInvalidations: 0 },
    ]);
  });

  it("when a server's breaker closes, its own queue is retried at once", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const closed = createDeferred<string>();
    const changes: [BreakerState, string][] = [];
    const { service, cache, fakeCache } = createFixture({
      people,
      cacheOptions,
      breaker: { failureThreshold: 1, cooldownMs: 1_000 },
      invalidationRetry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      hooks: {
        onBreakerStateChange: (state, server) => {
          changes.push([state, server]);
          if (state === 'closed') closed.resolve(server);
        },
      },
    });
    const [stale, other] = [on('s3')[0] as Person, on('s3')[1] as Person];
    await service.get(stale.id);
    cache.fail({ servers: ['s3'] });
    await service.update(stale.id, { firstName: 'Later' });
    expect(service.stats().pendingInvalidations).toBe(1);
    expect(fakeCache.peek(stale.id).kind).toBe('person');
    cache.heal();
    vi.setSystemTime(Date.now() + 1_000);
    await service.get(other.id);
    expect(await closed.promise).toBe('s3');
    await vi.waitFor(() => expect(service.stats().pendingInvalidations).toBe(0));
    expect(fakeCache.peek(stale.id).kind).toBe('miss');
    expect(changes).toEqual([
      ['open', 's3'],
      ['half-open', 's3'],
      ['closed', 's3'],
    ]);
  });

  it('a pending invalidation makes only that id bypass the cache', async () => {
    const { service, cache } = createFixture({
      people,
      cacheOptions,
      invalidationRetry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const [queued, neighbour] = [on('s2')[0] as Person, on('s2')[1] as Person];
    await service.getMany([queued.id, neighbour.id]);
    cache.fail({ servers: ['s2'], methods: ['delete'] });
    const updated = await service.update(queued.id, { lastName: 'Changed' });
    expect(await service.get(queued.id)).toEqual({ person: updated, source: 'db' });
    expect(await service.get(neighbour.id)).toEqual({ person: neighbour, source: 'cache' });
  });
});

describe('servers the cache cannot name', () => {
  it('a cache without serverOf is one server named default', async () => {
    const { service, cache } = createFixture({ people });
    expect(service.stats().servers).toEqual([
      { name: 'default', breakerState: 'closed', pendingInvalidations: 0 },
    ]);
    cache.fail({ methods: ['delete'] });
    await service.update('p1', { firstName: 'X' });
    expect(service.stats().servers[0]?.pendingInvalidations).toBe(1);
  });

  it('an id whose server the cache cannot name is kept apart, and still served', async () => {
    const fake = new FakePersonCache({ readOrLease: true, servers: SERVERS });
    const serverOf = fake.serverOf as (id: string) => string;
    const cache = Object.assign(new ChaosPersonCache(fake), {
      serverOf: (id: string) => {
        if (id === 'p0') throw new TypeError('no ring');
        return serverOf(id);
      },
    });
    const logger = new RecordingLogger();
    const service = new CacheAsidePersonService({ db: new FakePersonDb(people), cache, logger });
    onTestFinished(() => service.close());
    expect(await service.get('p0')).toEqual({ person: people[0], source: 'db' });
    expect(await service.get('p0')).toEqual({ person: people[0], source: 'cache' });
    expect(await service.get('p1')).toEqual({ person: people[1], source: 'db' });
    expect(service.stats().servers.map((s) => s.name)).toEqual([serverOf('p1'), 'unplaced']);
    expect(logger.warnings.some((w) => w.obj.reason === 'no ring')).toBe(true);
  });
});
