import { randomBytes } from 'node:crypto';
import { type Person, UnavailableError } from '@cachetoggle/model';
import type { PersonRead } from '@cachetoggle/service';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHostProcess } from './checker/service-host-process';
import { SharedServers } from './checker/shared-servers';
import { cachedIn, DELIVERY_BOUND_MS, passesWithin, readsAs } from './host-reads';

// A writer whose statement waits on a row lock held by another connection (here a raw mysql2
// connection of the test), and a reader in another process that refills the cache meanwhile.
// The writer's client gives up after WRITER_TIMEOUT_MS; the server stops the statement before.
const WRITER_TIMEOUT_MS = 1500;

let servers: SharedServers;
let writer: ServiceHostProcess;
let reader: ServiceHostProcess;
let locker: mysql.Connection;

beforeAll(async () => {
  servers = await SharedServers.start();
  [writer, reader] = await Promise.all([
    servers.host({ dbQueryTimeoutMs: WRITER_TIMEOUT_MS }),
    servers.host(),
  ]);
  locker = await mysql.createConnection(servers.databaseUrl);
});

afterAll(async () => {
  await locker?.end();
  await servers?.close();
});

const freshId = () => `late-${randomBytes(6).toString('hex')}`;

/** Waits until the shared cache no longer holds `stale` for its id; how long that took. */
async function staleGoneWithin(stale: Person, boundMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const entry = await servers.cache.get(stale.id);
    const holdsStale = entry.kind === 'person' && entry.person.version === stale.version;
    const elapsed = performance.now() - start;
    if (!holdsStale) return elapsed;
    if (elapsed > boundMs) throw new Error(`stale entry still cached after ${elapsed} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(['delete', 'update'] as const)('a %s blocked on a row lock', (write) => {
  it('is stopped by the server before the client gives up, commits nothing, and the cache agrees with the DB', async () => {
    const id = freshId();
    const old = await servers.db.create({ id, firstName: 'Old', lastName: 'Row' });
    await locker.query('START TRANSACTION');
    await locker.query('SELECT id FROM person WHERE id = ? FOR UPDATE', [id]);
    const start = performance.now();
    const attempt =
      write === 'delete'
        ? writer.call('delete', id)
        : writer.call('update', id, { firstName: 'Abandoned' });
    const error = await attempt.then(
      () => new Error('expected a rejection'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(performance.now() - start).toBeLessThan(WRITER_TIMEOUT_MS);
    // The reader refills the cache while the lock is still held.
    expect((await reader.call<PersonRead>('get', id)).person).toEqual(old);
    await locker.query('ROLLBACK');
    expect(await servers.db.get(id)).toEqual(old);
    expect((await reader.call<PersonRead>('get', id)).person).toEqual(old);
  });

  it('that commits after a reader refilled the old row is invalidated within the bound', async () => {
    const id = freshId();
    const old = await servers.db.create({ id, firstName: 'Old', lastName: 'Row' });
    // The late writer: it holds the row from before the reader reads until after it has
    // refilled the cache, then commits its write and outbox row, with no cache delete of its
    // own (its client gave up long ago).
    await locker.query('START TRANSACTION');
    if (write === 'delete') {
      await locker.query('DELETE FROM person WHERE id = ?', [id]);
    } else {
      await locker.query('UPDATE person SET first_name = ?, version = version + 1 WHERE id = ?', [
        'Late',
        id,
      ]);
    }
    await locker.query('INSERT INTO person_invalidation (person_id) VALUES (?)', [id]);
    // The service's own attempt fails on the server and invalidates at once, too early.
    await expect(writer.call('delete', id)).rejects.toBeInstanceOf(UnavailableError);
    expect((await reader.call<PersonRead>('get', id)).person).toEqual(old);
    expect((await reader.call<PersonRead>('get', id)).source).toBe('cache');
    await locker.query('COMMIT');
    const ms = await staleGoneWithin(old, DELIVERY_BOUND_MS);
    console.log(`late ${write}: stale entry gone ${Math.round(ms)} ms after the commit`);
    const now = await reader.call<PersonRead>('get', id).then(
      (read) => read.person,
      () => undefined,
    );
    expect(now).toEqual(await servers.db.get(id));
  });
});

describe('a late commit passed over by a later one', () => {
  it('is still delivered: the number skipped is read again', async () => {
    // In-process caches: only each process's own follower can invalidate them.
    const [a, b] = await Promise.all([
      servers.host({ inProcessCache: true }),
      servers.host({ inProcessCache: true }),
    ]);
    const late = await servers.db.create({ id: freshId(), firstName: 'Late', lastName: 'Row' });
    const other = await servers.db.create({ id: freshId(), firstName: 'Other', lastName: 'Row' });
    await cachedIn(b, late.id);
    await cachedIn(b, other.id);
    // The late write takes its outbox number now and commits last.
    await locker.query('START TRANSACTION');
    await locker.query('DELETE FROM person WHERE id = ?', [late.id]);
    await locker.query('INSERT INTO person_invalidation (person_id) VALUES (?)', [late.id]);
    await a.call('update', other.id, { firstName: 'Changed' });
    // b has followed past the later number once it serves the change.
    await passesWithin(
      DELIVERY_BOUND_MS,
      async () => (await readsAs(b, other.id))?.firstName === 'Changed',
    );
    expect(await readsAs(b, late.id)).toEqual(late);
    await locker.query('COMMIT');
    const ms = await passesWithin(
      DELIVERY_BOUND_MS,
      async () => (await readsAs(b, late.id)) === undefined,
    );
    console.log(`late commit below the cursor: delivered ${Math.round(ms)} ms after the commit`);
  });
});
