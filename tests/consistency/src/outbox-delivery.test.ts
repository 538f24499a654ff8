import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '@cachetoggle/model';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedServers } from './checker/shared-servers';
import { cachedIn, DELIVERY_BOUND_MS, passesWithin, readsAs } from './host-reads';

let servers: SharedServers;
let raw: mysql.Connection;

beforeAll(async () => {
  servers = await SharedServers.start();
  raw = await mysql.createConnection(servers.databaseUrl);
});

afterAll(async () => {
  await raw?.end();
  await servers?.close();
});

const freshId = () => `ob-${randomBytes(6).toString('hex')}`;

// A host that reads the outbox once at its start and then not for a minute.
const slowFollower = { service: { outbox: { pollIntervalMs: 60_000 } } };

describe('the outbox delivers what no writer did', () => {
  it('a writer killed between its commit and its cache delete: another process delivers it', async () => {
    // The doomed writer follows the outbox only at its start: what delivers its write can only
    // be the other process.
    const [doomed, reader] = await Promise.all([servers.host(slowFollower), servers.host()]);
    const id = freshId();
    const old = await servers.db.create({ id, firstName: 'Old', lastName: 'Row' });
    await cachedIn(reader, id);
    const pause = await doomed.pauseAt('db-written', id);
    const writing = doomed.call('update', id, { firstName: 'New' }).catch(() => undefined);
    await pause.reached;
    doomed.kill();
    await writing;
    const updated = await servers.db.get(id);
    expect(updated?.version).toBe(old.version + 1);
    const ms = await passesWithin(DELIVERY_BOUND_MS, async () => {
      const entry = await servers.cache.get(id);
      return !(entry.kind === 'person' && entry.person.version === old.version);
    });
    console.log(`crashed writer: stale entry gone ${Math.round(ms)} ms after the kill`);
    expect(await readsAs(reader, id)).toEqual(updated);
  });

  it('two processes with in-process caches on one database: a delete through one reaches the other', async () => {
    const [a, b] = await Promise.all([
      servers.host({ inProcessCache: true }),
      servers.host({ inProcessCache: true }),
    ]);
    const id = freshId();
    const old = await servers.db.create({ id, firstName: 'Old', lastName: 'Row' });
    expect(await cachedIn(b, id)).toEqual(old);
    await a.call('delete', id);
    const ms = await passesWithin(
      DELIVERY_BOUND_MS,
      async () => (await readsAs(b, id)) === undefined,
    );
    console.log(`in-process caches: delete seen by the other process after ${Math.round(ms)} ms`);
    await a.call('create', { id, firstName: 'Again', lastName: 'Row' });
    await passesWithin(
      DELIVERY_BOUND_MS,
      async () => (await readsAs(b, id))?.firstName === 'Again',
    );
  });
});

describe('a write answered NOT_FOUND or CONFLICT invalidates', () => {
  // The host reads the outbox at its start and then not for a minute: what heals the cache here
  // is the refused write's own invalidation.
  it.each([
    ['NOT_FOUND', NotFoundError],
    ['CONFLICT', ConflictError],
  ] as const)('%s: the stale entry is gone when the answer comes', async (answer, errorClass) => {
    const host = await servers.host(slowFollower);
    const id = freshId();
    const old = await servers.db.create({ id, firstName: 'Old', lastName: 'Row' });
    await cachedIn(host, id);
    // Changed behind the service's back, as an abandoned write that committed late would be.
    if (answer === 'NOT_FOUND') {
      await raw.query('DELETE FROM person WHERE id = ?', [id]);
      await expect(host.call('delete', id)).rejects.toBeInstanceOf(errorClass);
    } else {
      await raw.query('UPDATE person SET version = version + 1 WHERE id = ?', [id]);
      await expect(host.call('update', id, { firstName: 'X' }, old.version)).rejects.toBeInstanceOf(
        errorClass,
      );
    }
    expect(await readsAs(host, id)).toEqual(await servers.db.get(id));
  });
});
