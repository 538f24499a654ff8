import { NotFoundError, UnavailableError } from '@cachetoggle/model';
import { createDeferred } from '@cachetoggle/testing/fakes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BreakerState } from './circuit-breaker';
import { ada, createFixture } from './service-fixture';

const people = Array.from({ length: 20 }, (_, i) => ({ ...ada, id: `p${i}` }));

afterEach(() => {
  vi.useRealTimers();
});

/** Hooks that resolve a promise when the breaker reaches `state`. */
function breakerReaches(state: BreakerState) {
  const reached = createDeferred();
  return {
    reached: reached.promise,
    hooks: { onBreakerStateChange: (s: BreakerState) => s === state && reached.resolve() },
  };
}

describe('a cache that fails', () => {
  it('a cache that throws: every read is served by the DB, errors counted and logged, circuit opens', async () => {
    const { service, cache, logger } = createFixture({ people, breaker: { failureThreshold: 3 } });
    cache.fail();
    for (const person of people) {
      expect(await service.get(person.id)).toEqual({ person, source: 'db' });
    }
    await expect(service.get('ghost')).rejects.toBeInstanceOf(NotFoundError);
    expect(service.stats()).toMatchObject({ cacheErrors: 3, breakerState: 'open', dbReads: 21 });
    expect(cache.calls.get).toBe(3);
    const failures = logger.warnings.filter((w) => w.obj.op === 'get');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.obj.err).toMatch(/chaos: injected failure/);
    expect(logger.warnings.some((w) => /circuit opened/.test(w.msg))).toBe(true);
  });

  it('a cache that throws foreign errors is handled the same way', async () => {
    const { service, cache } = createFixture({ people });
    cache.fail({ error: () => new TypeError('driver bug') });
    expect((await service.get('p1')).source).toBe('db');
    expect((await service.getMany(['p1', 'p2'])).people).toHaveLength(2);
    expect(service.stats().cacheErrors).toBe(2);
  });

  it('a cache that throws synchronously is handled the same way', async () => {
    const { service, cache } = createFixture({ people });
    cache.get = () => {
      throw new Error('not even a promise');
    };
    expect((await service.get('p1')).source).toBe('db');
    expect(service.stats().cacheErrors).toBe(1);
  });

  it('a cache that hangs: each call gives up after the timeout, then the circuit skips it', async () => {
    const { service, cache } = createFixture({
      people,
      cacheTimeoutMs: 20,
      breaker: { failureThreshold: 2 },
    });
    cache.hang();
    const started = performance.now();
    for (const person of people.slice(0, 5)) {
      expect((await service.get(person.id)).source).toBe('db');
    }
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2 * 19);
    expect(elapsed).toBeLessThan(1_000);
    expect(service.stats()).toMatchObject({ cacheErrors: 2, breakerState: 'open' });
    expect(cache.calls.get).toBe(2);
    cache.heal();
  });

  it('a stampede on a hanging cache costs one DB read, not one per reader', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { service, cache, db } = createFixture({ people, cacheTimeoutMs: 20 });
    cache.hang();
    const pending = Promise.all(Array.from({ length: 500 }, () => service.get('p7')));
    vi.setSystemTime(Date.now() + 20);
    const reads = await pending;
    expect(reads.every((r) => r.person.id === 'p7' && r.source === 'db')).toBe(true);
    expect(db.calls.get).toBe(1);
    cache.heal();
  });

  it('with the circuit open, concurrent reads of one id share one DB read', async () => {
    const { service, cache, db } = createFixture({ people, breaker: { failureThreshold: 1 } });
    cache.fail();
    await service.get('p1');
    db.resetCalls();
    await Promise.all(Array.from({ length: 100 }, () => service.get('p2')));
    expect(db.calls.get).toBe(1);
    expect(cache.calls.get).toBe(1);
  });

  it('a fallback reader that began after a write completed does not share an older DB read', async () => {
    const dbRead = createDeferred();
    const release = createDeferred();
    let held = false;
    const { service, cache } = createFixture({
      people,
      breaker: { failureThreshold: 1 },
      hooks: {
        onStep: (step, id) => {
          if (step !== 'db-read' || id !== 'p1' || held) return;
          held = true;
          dbRead.resolve();
          return release.promise;
        },
      },
    });
    cache.fail();
    await service.get('p0');
    const before = service.get('p1');
    await dbRead.promise;
    const updated = await service.update('p1', { firstName: 'After' });
    expect(await service.get('p1')).toEqual({ person: updated, source: 'db' });
    release.resolve();
    expect((await before).person.version).toBe(1);
  }, 5_000); // a joiner of the held read would wait for it forever

  it('the circuit closes when the cache is back, and the hit ratio recovers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const closed = breakerReaches('closed');
    const { service, cache } = createFixture({
      people,
      breaker: { failureThreshold: 2, cooldownMs: 1_000 },
      hooks: closed.hooks,
    });
    cache.fail();
    for (const person of people) await service.get(person.id);
    expect(service.stats().breakerState).toBe('open');
    cache.heal();
    await service.get('p0');
    expect(service.stats().breakerState).toBe('open');
    vi.setSystemTime(Date.now() + 1_000);
    expect((await service.get('p0')).source).toBe('db');
    await closed.reached;
    const before = service.stats();
    for (let round = 0; round < 5; round++) {
      for (const person of people) expect((await service.get(person.id)).person).toEqual(person);
    }
    const after = service.stats();
    const hits = after.hits - before.hits;
    const misses = after.misses - before.misses;
    expect(hits / (hits + misses)).toBeGreaterThanOrEqual(0.8);
    expect(after.cacheErrors).toBe(before.cacheErrors);
  });

  it('a failed half-open probe opens the circuit for another cooldown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { service, cache } = createFixture({ people, breaker: { failureThreshold: 1 } });
    cache.fail();
    await service.get('p0');
    vi.setSystemTime(Date.now() + 1_000);
    await service.get('p0');
    expect(service.stats()).toMatchObject({ breakerState: 'open', cacheErrors: 2 });
    await service.get('p0');
    expect(cache.calls.get).toBe(2);
  });

  it('a DB that fails is reported to the caller as UnavailableError', async () => {
    const { service, db } = createFixture({ people });
    db.fail();
    await expect(service.get('p1')).rejects.toBeInstanceOf(UnavailableError);
    await expect(service.get('p1', { useDb: true })).rejects.toBeInstanceOf(UnavailableError);
    await expect(service.getMany(['p1'])).rejects.toBeInstanceOf(UnavailableError);
    await expect(service.update('p1', { firstName: 'X' })).rejects.toBeInstanceOf(UnavailableError);
  });

  it('a write whose DB call failed ambiguously still invalidates (it may have committed)', async () => {
    const { service, db, cache } = createFixture({ people });
    await service.get('p1');
    const paused = db.pause('update');
    const write = service.update('p1', { firstName: 'Committed' });
    const [id, changes] = await paused.reached;
    await db.inner.update(id, changes);
    paused.fail(new UnavailableError('db', 'connection lost after commit'));
    await expect(write).rejects.toBeInstanceOf(UnavailableError);
    expect(cache.calls.delete).toBe(1);
    expect((await service.get('p1')).person.firstName).toBe('Committed');
  });

  it('a write refused by the DB invalidates: the refusal may answer the retry of a late commit', async () => {
    const { service, fakeDb } = createFixture({ people });
    await service.get('p1');
    await service.get('p2');
    // The first attempts committed after their callers gave up; the cache still holds the rows.
    fakeDb.seed({ ...ada, id: 'p1', firstName: 'Late', version: 2 });
    await fakeDb.delete('p2');
    await expect(service.update('p1', { firstName: 'X' }, 1)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(service.delete('p2')).rejects.toBeInstanceOf(NotFoundError);
    expect((await service.get('p1')).person.firstName).toBe('Late');
    await expect(service.get('p2')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a write refused before it reached the DB (invalid arguments) does not touch the cache', async () => {
    const { service, cache } = createFixture({ people });
    await expect(service.update('p1', { firstName: 42 as never })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(cache.calls.delete).toBe(0);
  });
});

describe('invalidations while the cache is unreachable', () => {
  it('a failed invalidation is retried when the cache returns, with no stale read meanwhile', async () => {
    const { service, cache, fakeCache } = createFixture({
      people,
      invalidationRetry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    await service.get('p1');
    cache.fail({ methods: ['delete'] });
    const updated = await service.update('p1', { lastName: 'Changed' });
    expect(service.stats()).toMatchObject({ invalidationFailures: 1, pendingInvalidations: 1 });
    expect(fakeCache.peek('p1')).toEqual({ kind: 'person', person: people[1] });
    expect(await service.get('p1')).toEqual({ person: updated, source: 'db' });
    expect((await service.getMany(['p1'])).people).toEqual([{ person: updated, source: 'db' }]);
    cache.heal();
    await vi.waitFor(() => expect(service.stats().pendingInvalidations).toBe(0));
    expect(service.stats().invalidationRetries).toBeGreaterThanOrEqual(1);
    expect(fakeCache.peek('p1').kind).toBe('miss');
    expect((await service.get('p1')).person).toEqual(updated);
  });

  it('invalidations skipped while the circuit is open are retried as soon as it closes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { service, cache, fakeCache } = createFixture({
      people,
      breaker: { failureThreshold: 1 },
      invalidationRetry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    await service.get('p2');
    cache.fail();
    await service.get('p1');
    await service.update('p2', { firstName: 'Late' });
    expect(cache.calls.delete).toBe(0);
    cache.heal();
    vi.setSystemTime(Date.now() + 1_000);
    cache.resetCalls();
    const deleted = cache.pause('delete', (id) => id === 'p2');
    await service.get('p3');
    await deleted.reached;
    deleted.release();
    await vi.waitFor(() => expect(service.stats().pendingInvalidations).toBe(0));
    expect(fakeCache.peek('p2').kind).toBe('miss');
  });

  it('the retry queue is bounded: the oldest entries are dropped and counted', async () => {
    const { service, cache, logger } = createFixture({
      people,
      breaker: { failureThreshold: 100 },
      invalidationRetry: { capacity: 3, initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    cache.fail({ methods: ['delete'] });
    for (const person of people.slice(0, 5)) await service.update(person.id, { firstName: 'N' });
    expect(service.stats()).toMatchObject({
      pendingInvalidations: 3,
      invalidationsDropped: 2,
      invalidationFailures: 5,
    });
    expect(logger.warnings.some((w) => /retry queue full/.test(w.msg))).toBe(true);
    // The newest three still bypass the cache; the dropped ones are back to TTL-bounded reads.
    cache.resetCalls();
    for (const id of ['p2', 'p3', 'p4']) await service.get(id);
    expect(cache.calls.get).toBe(0);
    await service.get('p0');
    expect(cache.calls.get).toBe(1);
  });
});
