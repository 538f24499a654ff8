import { randomBytes } from 'node:crypto';
import { NotFoundError, type Person } from '@cachetoggle/model';
import type { PersonManyRead, PersonRead } from '@cachetoggle/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHostProcess } from './checker/service-host-process';
import { SharedServers } from './checker/shared-servers';

// Two service instances in two processes share one memcached and one database; a third
// connection (the test's own) reads the raw cache entries behind their backs.
let servers: SharedServers;
let a: ServiceHostProcess;
let b: ServiceHostProcess;
// These tests hold a read at a protocol step and wait for it to get there; a generous cache
// timeout keeps a loaded machine from sending the read to the DB before it takes its lease.
const service = { cacheTimeoutMs: 2000 };

beforeAll(async () => {
  servers = await SharedServers.start();
  [a, b] = await Promise.all([servers.host({ service }), servers.host({ service })]);
});

afterAll(async () => {
  await servers?.close();
});

const freshId = () => `p-${randomBytes(6).toString('hex')}`;

async function seed(id: string): Promise<Person> {
  return servers.db.create({ id, firstName: 'Old', lastName: 'Row' });
}

describe('leases across processes', () => {
  it('a reader that read the DB before a write commits cannot fill its stale value', async () => {
    const id = freshId();
    await seed(id);
    const pause = await a.pauseAt('before-fill', id);
    const reading = a.call<PersonRead>('get', id);
    const held = await pause.reached;
    const updated = await b.call<Person>('update', id, { firstName: 'New' });
    held.release();
    // The paused read overlapped the write, so either version may be returned to it...
    expect((await reading).person.version).toBeLessThanOrEqual(updated.version);
    // ...but its stale value must not have reached the cache.
    const cached = await servers.cache.get(id);
    expect(cached.kind === 'person' ? cached.person.version : updated.version).toBe(
      updated.version,
    );
    expect((await a.call<PersonRead>('get', id)).person).toEqual(updated);
    expect((await b.call<PersonRead>('get', id)).person).toEqual(updated);
  });

  it('the naive cache-aside, paused the same way, leaves the old row in the cache', async () => {
    const naiveReader = await servers.host({ implementation: 'naive' });
    const id = freshId();
    const old = await seed(id);
    const pause = await naiveReader.pauseAt('before-fill', id);
    const reading = naiveReader.call<PersonRead>('get', id);
    const held = await pause.reached;
    const updated = await b.call<Person>('update', id, { firstName: 'New' });
    held.release();
    await reading;
    expect(await servers.cache.get(id)).toEqual({ kind: 'person', person: old });
    expect((await naiveReader.call<PersonRead>('get', id)).person.version).toBe(old.version);
    expect(updated.version).toBe(old.version + 1);
  });

  it('a reader that found no row before a create cannot fill a tombstone over it', async () => {
    const id = freshId();
    const pause = await a.pauseAt('before-fill', id);
    const reading = a.call<PersonRead>('get', id);
    const held = await pause.reached;
    const created = await b.call<Person>('create', { id, firstName: 'Born', lastName: 'Late' });
    held.release();
    await expect(reading).rejects.toBeInstanceOf(NotFoundError);
    expect((await servers.cache.get(id)).kind).not.toBe('tombstone');
    expect((await a.call<PersonRead>('get', id)).person).toEqual(created);
  });

  it('a batched reader that read before a write cannot fill its stale value either', async () => {
    const id = freshId();
    const other = freshId();
    await Promise.all([seed(id), seed(other)]);
    const pause = await a.pauseAt('before-fill', id);
    const reading = a.call<PersonManyRead>('getMany', [id, other]);
    const held = await pause.reached;
    const updated = await b.call<Person>('update', id, { firstName: 'New' });
    held.release();
    expect((await reading).people).toHaveLength(2);
    const cached = await servers.cache.get(id);
    expect(cached.kind === 'person' ? cached.person : updated).toEqual(updated);
    const again = await a.call<PersonManyRead>('getMany', [id, other]);
    expect(again.people.find((read) => read.person.id === id)?.person).toEqual(updated);
  });
});

describe('leases that outlive their TTL', () => {
  it('a reader paused past its lease cannot fill, even after another reader took over', async () => {
    const leaseTtlMs = 300;
    const slow = await servers.host({ service: { ...service, leaseTtlMs } });
    const id = freshId();
    const old = await seed(id);
    const pause = await slow.pauseAt('before-fill', id);
    const reading = slow.call<PersonRead>('get', id);
    const held = await pause.reached;
    // Time is the subject here: the lease must expire while its holder is stalled. A lease taken
    // in the read (memcached's `mg … N`) lives whole seconds on memcached's clock, so it is
    // gone between leaseTtlMs and about two seconds later: wait until it is.
    const deadline = Date.now() + leaseTtlMs + 3_000;
    while ((await servers.cache.get(id)).kind === 'lease' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await b.call<PersonRead>('get', id)).source).toBe('db');
    // The other reader took the expired lease over and filled the (still current) row.
    expect(await servers.cache.get(id)).toEqual({ kind: 'person', person: old });
    const updated = await b.call<Person>('update', id, { firstName: 'New' });
    held.release();
    await reading;
    const cached = await servers.cache.get(id);
    expect(cached.kind === 'person' ? cached.person : updated).toEqual(updated);
    expect((await slow.call<PersonRead>('get', id)).person).toEqual(updated);
  });
});

describe('the DB-mode switch across processes', () => {
  it('a write made in DB mode is never hidden by an older cached value after switching back', async () => {
    const id = freshId();
    await seed(id);
    await a.call('get', id);
    expect((await a.call<PersonRead>('get', id)).source).toBe('cache');
    await b.call('setMode', { useDb: true });
    try {
      const updated = await b.call<Person>('update', id, { lastName: 'Changed' });
      expect((await b.call<PersonRead>('get', id)).source).toBe('db');
      expect((await a.call<PersonRead>('get', id)).person).toEqual(updated);
      await b.call('setMode', { useDb: false });
      expect((await b.call<PersonRead>('get', id)).person).toEqual(updated);
    } finally {
      await b.call('setMode', { useDb: false });
    }
  });

  it('a process that writes in DB mode and switches back reads its own write', async () => {
    const id = freshId();
    await seed(id);
    await a.call('get', id);
    await a.call('get', id);
    await a.call('setMode', { useDb: true });
    const updated = await a.call<Person>('update', id, { firstName: 'Mine' });
    await a.call('setMode', { useDb: false });
    expect((await a.call<PersonRead>('get', id)).person).toEqual(updated);
    expect((await b.call<PersonRead>('get', id)).person).toEqual(updated);
  });
});

describe('deletes across processes', () => {
  it('a delete leaves a tombstone or nothing, and the person never comes back from the cache', async () => {
    const id = freshId();
    await seed(id);
    await a.call('get', id);
    await b.call('delete', id);
    expect(['miss', 'tombstone']).toContain((await servers.cache.get(id)).kind);
    await expect(a.call('get', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.call('get', id)).rejects.toBeInstanceOf(NotFoundError);
    expect(['miss', 'tombstone']).toContain((await servers.cache.get(id)).kind);
  });

  it('a reader that read the row before it was deleted cannot bring it back', async () => {
    const id = freshId();
    await seed(id);
    const pause = await a.pauseAt('before-fill', id);
    const reading = a.call<PersonRead>('get', id);
    const held = await pause.reached;
    await b.call('delete', id);
    held.release();
    await reading;
    expect((await servers.cache.get(id)).kind).not.toBe('person');
    await expect(a.call('get', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.call('get', id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
