import { randomBytes } from 'node:crypto';
import type { Person } from '@cachetoggle/model';
import type { PersonRead, ServiceStats } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHostProcess } from './checker/service-host-process';
import { SharedServers } from './checker/shared-servers';

// Service instances in processes of their own storm one cold id on one memcached and one
// database: exactly one of them wins the lease, and the others must be served its fill.
let servers: SharedServers;

beforeAll(async () => {
  servers = await SharedServers.start();
});

afterAll(async () => {
  await servers?.close();
});

const READERS_PER_PROCESS = 50;

const freshId = () => `p-${randomBytes(6).toString('hex')}`;

async function seed(id: string): Promise<Person> {
  return servers.db.create({ id, firstName: 'Cold', lastName: 'Row' });
}

/** `READERS_PER_PROCESS` concurrent gets of `id` in `host`. */
function storm(host: ServiceHostProcess, id: string): Promise<PersonRead[]> {
  return Promise.all(
    Array.from({ length: READERS_PER_PROCESS }, () => host.call<PersonRead>('get', id)),
  );
}

/** Resolves once every host in `hosts` has a reader waiting on someone else's lease. */
async function untilWaitingOnLease(hosts: readonly ServiceHostProcess[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stats = await Promise.all(hosts.map((host) => host.call<ServiceStats>('stats')));
    if (stats.every((s) => s.leaseWaits > 0)) return;
    if (Date.now() > deadline) throw new Error('the readers never waited on the lease');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a stampede on one cold id across processes', () => {
  it('readers of the other processes wait for a slow lease holder and are served its fill', async () => {
    // The row is written before the processes start: each process's outbox follower delivers
    // the writes committed after its start, and a delivery deletes any lease on the id.
    const id = freshId();
    const row = await seed(id);
    const [holder, ...others] = await Promise.all([servers.host(), servers.host(), servers.host()]);
    const pause = await holder.pauseAt('lease-acquired', id);
    const holding = holder.call<PersonRead>('get', id);
    const held = await pause.reached;
    const storms = others.map((host) => storm(host, id));
    await untilWaitingOnLease(others);
    // Time is the subject: the holder's DB read is slow (a loaded database), far slower than a
    // poll or two, and still well inside the lease's life (default 2 s).
    await new Promise((resolve) => setTimeout(resolve, 300));
    held.release();
    expect(await holding).toEqual({ person: row, source: 'db' });
    for (const reads of await Promise.all(storms)) {
      expect(reads.every((read) => read.source === 'cache' && read.person.id === id)).toBe(true);
    }
    for (const host of others) {
      expect(await host.call<ServiceStats>('stats')).toMatchObject({
        dbReads: 0,
        leaseWaits: 1,
        fills: 0,
      });
    }
    expect(await holder.call<ServiceStats>('stats')).toMatchObject({ dbReads: 1, fills: 1 });
  });

  it('when the lease holder dies, one waiting reader takes the expired lease over and fills', async () => {
    const service = { leaseTtlMs: 1000 };
    const id = freshId();
    const row = await seed(id);
    const [holder, ...others] = await Promise.all([
      servers.host({ service }),
      servers.host({ service }),
      servers.host({ service }),
    ]);
    const pause = await holder.pauseAt('lease-acquired', id);
    void holder.call('get', id).catch(() => undefined);
    await pause.reached;
    // The holder dies with its lease taken: nobody gives it back, it only expires.
    holder.kill();
    const reads = (await Promise.all(others.map((host) => storm(host, id)))).flat();
    expect(reads.every((read) => read.person.id === row.id)).toBe(true);
    const stats = await Promise.all(others.map((host) => host.call<ServiceStats>('stats')));
    expect(stats.reduce((sum, s) => sum + s.dbReads, 0)).toBe(1);
    expect(stats.reduce((sum, s) => sum + s.fills, 0)).toBe(1);
    expect(reads.filter((read) => read.source === 'db')).toHaveLength(READERS_PER_PROCESS);
    expect(await servers.cache.get(id)).toEqual({ kind: 'person', person: row });
  });
});
