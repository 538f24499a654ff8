import { randomBytes } from 'node:crypto';
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { Person } from '@cachetoggle/model';
import { CacheAsidePersonService, type PersonRead } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// memcached numbers CAS values with one counter that starts again at 1 when the server
// restarts. A lease token taken before a restart can therefore match an unrelated item of the
// same key afterwards, and a `putIfUntouched` with it would succeed although the lease is long
// gone. These tests build that collision on purpose. (MemcachePersonCache's tokens carry the
// connection they were read on above memcached's 64-bit CAS; `casOf` reads the CAS part.)
const casOf = (token: bigint) => token & (2n ** 64n - 1n);
let memcached: MemcachedProcess;
let database: TestDatabase;
let db: MysqlPersonDb;
let direct: MemcachePersonCache;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  memcached = await startMemcached();
  database = await createTestDatabase('ct_fault');
  db = await MysqlPersonDb.open({ url: database.url, poolSize: 4 });
  await db.migrate();
  direct = new MemcachePersonCache({ servers: memcached.servers, namespace: 'ct-restart' });
});

afterAll(async () => {
  for (const o of opened) await o.close();
  await Promise.allSettled([direct?.close(), db?.close()]);
  await Promise.allSettled([database?.drop(), memcached?.stop()]);
});

describe('a lease taken before memcached restarted', () => {
  it('cannot fill a value read before a write, even when its CAS value comes round again', async () => {
    const id = `lr-${randomBytes(6).toString('hex')}`;
    const old = await db.create({ id, firstName: 'Old', lastName: 'Row' });
    const cache = new MemcachePersonCache({ servers: memcached.servers, namespace: 'ct-restart' });
    let reachedFill!: () => void;
    const atFill = new Promise<void>((resolve) => {
      reachedFill = resolve;
    });
    let releaseFill!: () => void;
    const fillReleased = new Promise<void>((resolve) => {
      releaseFill = resolve;
    });
    const reader = new CacheAsidePersonService({
      db,
      cache,
      hooks: {
        onStep: (step, stepId) => {
          if (step !== 'before-fill' || stepId !== id) return;
          reachedFill();
          return fillReleased;
        },
      },
    });
    const writer = new CacheAsidePersonService({ db, cache: direct });
    opened.push(reader, writer, cache);

    const reading = reader.get(id);
    await atFill;
    const leaseCas = casOf((await direct.getIdentifiable(id)).token as bigint);
    expect(leaseCas).toBeGreaterThan(0n);

    await memcached.kill('SIGKILL');
    await memcached.start();
    const updated: Person = await writer.update(id, { firstName: 'New' });
    // Stores on other keys move the fresh server's CAS counter up to just below the token...
    for (let n = 1n; n < leaseCas; n++) {
      await direct.set(`filler-${n}`, { kind: 'tombstone' }, 60_000);
    }
    // ...so that another reader's lease on the same key gets the old token's value.
    const otherLease = await direct.add(id, { kind: 'lease', owner: 'another-reader' }, 2000);
    expect(casOf(otherLease as bigint)).toBe(leaseCas);

    releaseFill();
    const read: PersonRead = await reading;
    expect(read.person).toEqual(old);
    const cached = await direct.get(id);
    expect(cached).not.toEqual({ kind: 'person', person: old });
    expect(cached.kind === 'person' ? cached.person : updated).toEqual(updated);
  });

  it('a lease taken with getOrLease never fills after a restart, even when its CAS comes round again', async () => {
    const id = `lr-${randomBytes(6).toString('hex')}`;
    const cache = new MemcachePersonCache({ servers: memcached.servers, namespace: 'ct-restart' });
    opened.push(cache);
    const before = await cache.getOrLease(id, 60_000);
    if (before.kind !== 'leased') throw new Error(`expected leased, got ${before.kind}`);

    await memcached.kill('SIGKILL');
    await memcached.start();
    // The same key is leased again on the new server until its CAS equals the old one.
    let after = await direct.getOrLease(id, 60_000);
    while (after.kind === 'leased' && casOf(after.token) < casOf(before.token)) {
      await direct.delete(id);
      after = await direct.getOrLease(id, 60_000);
    }
    if (after.kind !== 'leased') throw new Error(`expected leased, got ${after.kind}`);
    expect(casOf(after.token)).toBe(casOf(before.token));

    const stale: Person = { id, firstName: 'Stale', lastName: 'Read', version: 1 };
    expect(
      await cache.putIfUntouched(id, { kind: 'person', person: stale }, before.token, 60_000),
    ).toBe(false);
    expect(await direct.get(id)).not.toEqual({ kind: 'person', person: stale });
    expect(await direct.putIfUntouched(id, { kind: 'tombstone' }, after.token, 60_000)).toBe(true);
  });
});
