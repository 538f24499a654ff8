import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  modeStoreContract,
  type OpenedSharedRowStore,
  personDbContract,
  topologyStoreContract,
} from '@cachetoggle/contract-tests';
import { UnavailableError } from '@cachetoggle/model';
import * as vitest from 'vitest';
import { describe, expect, it } from 'vitest';
import { SqlitePersonDb } from './sqlite-person-db';
import type { SqlitePersonDbOptions } from './sqlite-person-db-options';

async function openMigrated(url: string): Promise<SqlitePersonDb> {
  const db = await SqlitePersonDb.open({ url });
  await db.migrate();
  return db;
}

personDbContract(
  vitest,
  'SqlitePersonDb (:memory:)',
  async () => ({ db: await openMigrated(':memory:') }),
  { outbox: true },
);

personDbContract(
  vitest,
  'SqlitePersonDb (file)',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ct-sqlite-'));
    return {
      db: await openMigrated(`file:${join(dir, 'people.db')}`),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
  { outbox: true },
);

/**
 * One store of two `SqlitePersonDb`s on one new database file, as two processes open it: `pick`
 * names which (the mode store or the topology store).
 */
async function sharedRowStores<Store>(
  dirPrefix: string,
  pick: (db: SqlitePersonDb) => Store,
): Promise<OpenedSharedRowStore<Store>> {
  const dir = await mkdtemp(join(tmpdir(), dirPrefix));
  const url = `file:${join(dir, 'people.db')}`;
  const first = await openMigrated(url);
  const second = await SqlitePersonDb.open({ url });
  return {
    store: pick(first),
    other: pick(second),
    closeStore: () => first.close(),
    cleanup: async () => {
      await Promise.all([first.close(), second.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

modeStoreContract(vitest, 'SqlitePersonDb.modeStore (file, two instances)', () =>
  sharedRowStores('ct-sqlite-mode-', (db) => db.modeStore),
);

topologyStoreContract(vitest, 'SqlitePersonDb.topologyStore (file, two instances)', () =>
  sharedRowStores('ct-sqlite-topology-', (db) => db.topologyStore),
);

describe('SqlitePersonDb', () => {
  it('keeps its rows in the file across instances, and migrating again is a no-op', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ct-sqlite-'));
    const url = `file:${join(dir, 'people.db')}`;
    try {
      const first = await openMigrated(url);
      const p = await first.create({ id: 'kept', firstName: 'Zoë 👩‍🚀', lastName: 'File' });
      await first.close();
      const second = await openMigrated(url);
      await second.migrate();
      await expect(second.get('kept')).resolves.toStrictEqual(p);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('getMany sends one statement, and none for no ids', async () => {
    const db = await openMigrated(':memory:');
    await db.create({ id: 'a', firstName: 'A', lastName: 'A' });
    const before = db.queryCount;
    expect((await db.getMany(['a', 'b', 'a', 'c'])).size).toBe(1);
    await db.getMany([]);
    expect(db.queryCount - before).toBe(1);
    await db.close();
  });

  it('getMany of more distinct ids than maxIdsPerQuery is a ValidationError naming ids', async () => {
    const db = await SqlitePersonDb.open({ url: ':memory:', maxIdsPerQuery: 2 });
    await db.migrate();
    await expect(db.getMany(['a', 'b', 'a'])).resolves.toBeInstanceOf(Map);
    await expect(db.getMany(['a', 'b', 'c'])).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'ids',
    });
    await db.close();
  });

  it('getMany answers every list length up to a maxIdsPerQuery that is no power of two', async () => {
    const db = await SqlitePersonDb.open({ url: ':memory:', maxIdsPerQuery: 5 });
    await db.migrate();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) await db.create({ id, firstName: id.toUpperCase(), lastName: 'L' });
    for (let present = 0; present < ids.length; present++) {
      const found = await db.getMany([...ids.slice(0, present), 'absent']);
      expect([...found.keys()].sort()).toEqual(ids.slice(0, present));
    }
    expect((await db.getMany(ids)).size).toBe(5);
    expect((await db.get('c'))?.firstName).toBe('C');
    await db.close();
  });

  it.each<[Record<string, unknown>, string]>([
    [{ url: 'libsql://db.example' }, 'url'],
    [{ url: 'people.db' }, 'url'],
    [{ url: 42 }, 'url'],
    [{ url: ':memory:', maxIdsPerQuery: 0 }, 'maxIdsPerQuery'],
    [{ url: ':memory:', maxIdsPerQuery: 40_000 }, 'maxIdsPerQuery'],
  ])('%o is a ValidationError naming %s', async (options, field) => {
    const open = SqlitePersonDb.open(options as unknown as SqlitePersonDbOptions);
    await expect(open).rejects.toMatchObject({ code: 'VALIDATION', field });
  });

  it('a file that cannot be opened is an UnavailableError', async () => {
    const open = SqlitePersonDb.open({ url: 'file:/nonexistent-dir/people.db' });
    await expect(open).rejects.toBeInstanceOf(UnavailableError);
    await expect(open).rejects.toThrow('db unavailable: cannot open the database');
  });

  it('a database that was not migrated is an UnavailableError, not a crash', async () => {
    const db = await SqlitePersonDb.open({ url: ':memory:' });
    await expect(db.get('a')).rejects.toBeInstanceOf(UnavailableError);
    await expect(db.get('a')).rejects.toThrow('db unavailable: sqlite error SQLITE_ERROR');
    await db.close();
  });
});
