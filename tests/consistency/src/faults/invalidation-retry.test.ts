import { randomBytes } from 'node:crypto';
import type { Person } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { beforeEach, describe, expect, it } from 'vitest';
import { useProxiedCache } from './proxied-cache';
import type { ProxyMode } from './tcp-proxy';

// The service reaches memcached through a proxy the test controls, so memcached keeps its
// entries (the stale ones included) while the service cannot delete them. The test reads the
// raw entries with a cache client of its own that bypasses the proxy.
const fleet = useProxiedCache('ct-ir');

beforeEach(async () => {
  await fleet.proxy.setMode('pass');
});

async function cachedPerson(id: string): Promise<Person> {
  const person = await fleet.db.create({ id, firstName: 'Old', lastName: 'Row' });
  return person;
}

const freshId = () => `ir-${randomBytes(6).toString('hex')}`;

describe.each<ProxyMode>(['refuse', 'hang'])('memcached unreachable (%s)', (mode) => {
  it('a write still succeeds, its failed invalidation is retried on recovery, no stale read', async () => {
    const { service } = fleet.serviceThroughProxy();
    const id = freshId();
    const old = await cachedPerson(id);
    await service.get(id);
    expect(await fleet.direct.get(id)).toEqual({ kind: 'person', person: old });

    await fleet.proxy.setMode(mode);
    const updated = await service.update(id, { firstName: 'New' });
    expect(updated.version).toBe(old.version + 1);
    expect(service.stats().pendingInvalidations).toBe(1);
    // The stale entry is still in memcached: the delete never reached it...
    expect(await fleet.direct.get(id)).toEqual({ kind: 'person', person: old });
    // ...but this instance knows and reads past it.
    expect((await service.get(id)).person).toEqual(updated);

    // One failure does not open the breaker; the retry timer (with backoff) brings it back.
    await fleet.proxy.setMode('pass');
    await expect.poll(() => service.stats().pendingInvalidations, { timeout: 10_000 }).toBe(0);
    expect((await fleet.direct.get(id)).kind).not.toBe('person');
    expect((await service.get(id)).person).toEqual(updated);
    expect(service.stats().invalidationRetries).toBeGreaterThanOrEqual(1);
  });
});

describe('memcached unreachable long enough to open the breaker', () => {
  it('invalidations wait while it is open and are retried when it closes', async () => {
    const { service, watch } = fleet.serviceThroughProxy({
      breaker: { failureThreshold: 2, cooldownMs: 200 },
    });
    const id = freshId();
    const old = await cachedPerson(id);
    await service.get(id);

    await fleet.proxy.setMode('refuse');
    const opened = watch.next('open', 5000);
    const other = freshId();
    await cachedPerson(other);
    await service.get(other);
    await service.get(other);
    await opened;
    const updated = await service.update(id, { lastName: 'Changed' });
    expect(service.stats().pendingInvalidations).toBe(1);
    expect(await fleet.direct.get(id)).toEqual({ kind: 'person', person: old });

    const closed = watch.next('closed', 10_000);
    await fleet.proxy.setMode('pass');
    await closed;
    await expect.poll(() => service.stats().pendingInvalidations, { timeout: 5000 }).toBe(0);
    expect((await fleet.direct.get(id)).kind).not.toBe('person');
    expect((await service.get(id)).person).toEqual(updated);
  });
});

describe('an invalidation that is finally lost', () => {
  it('leaves a stale entry for at most the TTL', async () => {
    const ttlMs = 1500;
    const { service } = fleet.serviceThroughProxy({ ttlMs, invalidationRetry: { capacity: 1 } });
    const [first, second] = [freshId(), freshId()];
    const old = await cachedPerson(first);
    await cachedPerson(second);
    await service.get(first);
    const filledAt = Date.now();
    await service.get(second);

    await fleet.proxy.setMode('refuse');
    const updated = await service.update(first, { firstName: 'New' });
    await service.update(second, { firstName: 'New' });
    // The queue holds one id: the first invalidation was dropped to make room for the second.
    expect(service.stats().invalidationsDropped).toBe(1);
    expect(await fleet.direct.get(first)).toEqual({ kind: 'person', person: old });

    // Another instance on the same memcached serves the stale row until the TTL ends it.
    const other = new CacheAsidePersonService({ db: fleet.db, cache: fleet.direct });
    fleet.closeAfterAll(other);
    expect((await other.get(first)).person).toEqual(old);
    await new Promise((resolve) => setTimeout(resolve, filledAt + ttlMs + 50 - Date.now()));
    expect((await other.get(first)).person).toEqual(updated);
  });
});
