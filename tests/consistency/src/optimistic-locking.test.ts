import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, type Person } from '@cachetoggle/model';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHostProcess } from './checker/service-host-process';
import { SharedServers } from './checker/shared-servers';

// Optimistic locking holds at the source of truth, whichever process and instance the
// competing writers run in.
let servers: SharedServers;
let hosts: ServiceHostProcess[];

beforeAll(async () => {
  servers = await SharedServers.start();
  hosts = await Promise.all([servers.host(), servers.host()]);
});

afterAll(async () => {
  await servers?.close();
});

const freshId = () => `ol-${randomBytes(6).toString('hex')}`;

/** The writers' outcomes: how many succeeded and the errors of the others. */
function tally(results: PromiseSettledResult<unknown>[]) {
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  return { fulfilled, errors };
}

describe('optimistic locking under concurrency', () => {
  it('N concurrent updates with one expectedVersion in one process: exactly one succeeds', async () => {
    const service = new CacheAsidePersonService({ db: servers.db, cache: servers.cache });
    const id = freshId();
    const created = await servers.db.create({ id, firstName: 'Start', lastName: 'Row' });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        service.update(id, { firstName: `Writer${i}` }, created.version),
      ),
    );
    const { fulfilled, errors } = tally(results);
    expect(fulfilled).toHaveLength(1);
    expect(errors).toHaveLength(9);
    for (const error of errors) expect(error).toBeInstanceOf(ConflictError);
    const winner = (fulfilled[0] as PromiseFulfilledResult<Person>).value;
    expect(await servers.db.get(id)).toEqual(winner);
    expect(winner.version).toBe(created.version + 1);
    await service.close();
  });

  it('N concurrent updates with one expectedVersion across two processes: exactly one succeeds', async () => {
    const id = freshId();
    const created = await servers.db.create({ id, firstName: 'Start', lastName: 'Row' });
    await Promise.all(hosts.map((host) => host.call('get', id)));
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        (hosts[i % 2] as ServiceHostProcess).call<Person>(
          'update',
          id,
          { lastName: `Writer${i}` },
          created.version,
        ),
      ),
    );
    const { fulfilled, errors } = tally(results);
    expect(fulfilled).toHaveLength(1);
    for (const error of errors) expect(error).toBeInstanceOf(ConflictError);
    const winner = (fulfilled[0] as PromiseFulfilledResult<Person>).value;
    expect(await servers.db.get(id)).toEqual(winner);
    for (const host of hosts) {
      expect((await host.call<{ person: Person }>('get', id)).person).toEqual(winner);
    }
  });

  it('N concurrent conditional deletes across two processes: exactly one succeeds', async () => {
    const id = freshId();
    const created = await servers.db.create({ id, firstName: 'Start', lastName: 'Row' });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        (hosts[i % 2] as ServiceHostProcess).call('delete', id, created.version),
      ),
    );
    const { fulfilled, errors } = tally(results);
    expect(fulfilled).toHaveLength(1);
    for (const error of errors) {
      expect(error instanceof ConflictError || error instanceof NotFoundError).toBe(true);
    }
    expect(await servers.db.get(id)).toBeUndefined();
  });
});
