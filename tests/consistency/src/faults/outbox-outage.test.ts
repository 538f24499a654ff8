import { randomBytes } from 'node:crypto';
import type { Person } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { useProxiedCache } from './proxied-cache';

// Two instances reach memcached through a proxy the test controls; the writer's invalidation
// fails during the outage and its retry queue is then lost with it. The reader never wrote the
// id, and learns of the write only from the outbox.
const fleet = useProxiedCache('ct-oo');

function serviceThroughProxy() {
  return fleet.serviceThroughProxy({
    breaker: { failureThreshold: 2, cooldownMs: 200 },
    outbox: { pollIntervalMs: 20 },
  });
}

describe('a write whose invalidation failed and whose writer is gone', () => {
  it('another instance learns it from the outbox and reads the server again only after delivering it', async () => {
    const writer = serviceThroughProxy();
    const reader = serviceThroughProxy();
    const id = `oo-${randomBytes(6).toString('hex')}`;
    const old: Person = await fleet.db.create({ id, firstName: 'Old', lastName: 'Row' });
    await expect
      .poll(async () => (await reader.service.get(id)).source, { timeout: 5000 })
      .toBe('cache');

    await fleet.proxy.setMode('refuse');
    const updated = await writer.service.update(id, { firstName: 'New' });
    expect(writer.service.stats().pendingInvalidations).toBe(1);
    await writer.close();
    expect(await fleet.direct.get(id)).toEqual({ kind: 'person', person: old });

    // The reader's follower tries the row, fails, and holds it like a write of its own.
    await expect.poll(() => reader.service.stats().pendingInvalidations, { timeout: 5000 }).toBe(1);
    expect((await reader.service.get(id)).person).toEqual(updated);

    const closed = reader.watch.next('closed', 10_000);
    await fleet.proxy.setMode('pass');
    await closed;
    for (let i = 0; i < 20; i++) expect((await reader.service.get(id)).person).toEqual(updated);
    await expect.poll(() => reader.service.stats().pendingInvalidations, { timeout: 5000 }).toBe(0);
    expect(await fleet.direct.get(id)).not.toEqual({ kind: 'person', person: old });
    expect((await reader.service.get(id)).person).toEqual(updated);
  });
});
