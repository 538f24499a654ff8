import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  modeStoreContract,
  type OpenedSharedRowStore,
  personDbContract,
  topologyStoreContract,
} from '@cachetoggle/contract-tests';
import { UnavailableError, ValidationError } from '@cachetoggle/model';
import { createTestDatabase } from '@cachetoggle/testing/mariadb';
import mysql from 'mysql2/promise';
import * as vitest from 'vitest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MYSQL_MIGRATIONS_FOLDER } from './migrations-folder';
import { MysqlPersonDb } from './mysql-person-db';
import type { MysqlPersonDbOptions } from './mysql-person-db-options';

const databaseUrl = inject('databaseUrl');
const PASSWORD = 'S3cr3t-pa55word';
const MIGRATION_COUNT = (
  JSON.parse(readFileSync(join(MYSQL_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;
const freshId = () => `m-${randomBytes(6).toString('hex')}`;

async function openMigrated(options: Partial<MysqlPersonDbOptions> = {}): Promise<MysqlPersonDb> {
  const db = await MysqlPersonDb.open({ url: databaseUrl, ...options });
  await db.migrate();
  return db;
}

/** The error `call` rejects with, and how long that took. */
async function failure(call: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - start };
}

function expectUnavailableWithoutSecrets(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(UnavailableError);
  expect((error as Error).message).toBe(`db unavailable: ${message}`);
  expect(String(error)).not.toContain(PASSWORD);
  expect(String(error)).not.toContain('mysql://');
}

personDbContract(vitest, 'MysqlPersonDb (MariaDB)', async () => ({ db: await openMigrated() }), {
  outbox: true,
});

/**
 * One store of two `MysqlPersonDb`s on one new database, as two processes open it: `pick` names
 * which (the mode store or the topology store).
 */
async function sharedRowStores<Store>(
  databasePrefix: string,
  pick: (db: MysqlPersonDb) => Store,
): Promise<OpenedSharedRowStore<Store>> {
  const database = await createTestDatabase(databasePrefix);
  const first = await MysqlPersonDb.open({ url: database.url });
  await first.migrate();
  const second = await MysqlPersonDb.open({ url: database.url });
  return {
    store: pick(first),
    other: pick(second),
    closeStore: () => first.close(),
    cleanup: async () => {
      await Promise.all([first.close(), second.close()]);
      await database.drop();
    },
  };
}

modeStoreContract(vitest, 'MysqlPersonDb.modeStore (MariaDB)', () =>
  sharedRowStores('ct_test_mode', (db) => db.modeStore),
);

topologyStoreContract(vitest, 'MysqlPersonDb.topologyStore (MariaDB)', () =>
  sharedRowStores('ct_test_topology', (db) => db.topologyStore),
);

describe('MysqlPersonDb on MariaDB', () => {
  let db: MysqlPersonDb;
  let admin: mysql.Connection;
  beforeAll(async () => {
    db = await openMigrated();
    admin = await mysql.createConnection(databaseUrl);
  });
  afterAll(async () => {
    await db.close();
    await admin.end();
  });

  it('migrate applied once is a no-op the second time, and ids compare byte for byte', async () => {
    await db.migrate();
    await db.migrate();
    const [applied] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM __drizzle_migrations',
    );
    expect(applied[0]?.n).toBe(MIGRATION_COUNT);
    const [columns] = await admin.query<mysql.RowDataPacket[]>(
      "SELECT COLUMN_NAME AS name, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'person' ORDER BY ORDINAL_POSITION",
    );
    expect(columns.map((c) => [c.name, c.collation])).toStrictEqual([
      ['id', 'ascii_bin'],
      ['first_name', 'utf8mb4_bin'],
      ['last_name', 'utf8mb4_bin'],
      ['version', null],
    ]);
  });

  it('instances migrating a new database at the same time apply each migration once', async () => {
    const empty = await createTestDatabase('ct_test_dao_race');
    const instances = await Promise.all(
      Array.from({ length: 4 }, () => MysqlPersonDb.open({ url: empty.url })),
    );
    try {
      await Promise.all(instances.map((instance) => instance.migrate()));
      const [applied] = await admin.query<mysql.RowDataPacket[]>(
        `SELECT COUNT(*) AS n FROM \`${empty.name}\`.__drizzle_migrations`,
      );
      expect(applied[0]?.n).toBe(MIGRATION_COUNT);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
      await empty.drop();
    }
  });

  it('getMany sends one statement whatever the ids, and none for no ids', async () => {
    const a = await db.create({ id: freshId(), firstName: 'A', lastName: 'A' });
    const b = await db.create({ id: freshId(), firstName: 'B', lastName: 'B' });
    const ids = [a.id, freshId(), b.id, a.id, freshId()];
    const before = db.queryCount;
    expect((await db.getMany(ids)).size).toBe(2);
    expect(db.queryCount - before).toBe(1);
    await db.getMany([]);
    expect(db.queryCount - before).toBe(1);
  });

  it('getMany accepts up to maxIdsPerQuery distinct ids and rejects more, naming ids', async () => {
    const small = await openMigrated({ maxIdsPerQuery: 3 });
    try {
      const p = await small.create({ id: freshId(), firstName: 'A', lastName: 'B' });
      const three = [p.id, freshId(), p.id, freshId(), p.id];
      expect([...(await small.getMany(three)).keys()]).toStrictEqual([p.id]);
      const four = [...three, freshId()];
      await expect(small.getMany(four)).rejects.toMatchObject({ code: 'VALIDATION', field: 'ids' });
    } finally {
      await small.close();
    }
  });

  it('getMany of the largest list finds every row in it', async () => {
    const people = await Promise.all(
      Array.from({ length: 5 }, () =>
        db.create({ id: freshId(), firstName: 'Many', lastName: 'Ids' }),
      ),
    );
    const ids = [...people.map((p) => p.id), ...Array.from({ length: 995 }, freshId)];
    const found = await db.getMany(ids);
    expect([...found.keys()].sort()).toStrictEqual(people.map((p) => p.id).sort());
  });

  it('an update that waits on a lock is stopped by the server before queryTimeoutMs and never applied', async () => {
    const impatient = await openMigrated({ queryTimeoutMs: 300 });
    const p = await db.create({ id: freshId(), firstName: 'Locked', lastName: 'Row' });
    try {
      await admin.beginTransaction();
      await admin.execute('SELECT * FROM person WHERE id = ? FOR UPDATE', [p.id]);
      const { error, ms } = await failure(impatient.update(p.id, { firstName: 'Late' }));
      expectUnavailableWithoutSecrets(error, 'statement timed out on the server');
      expect(ms).toBeGreaterThanOrEqual(140);
      expect(ms).toBeLessThan(300);
    } finally {
      await admin.commit();
    }
    // Conditional on version 1: it succeeds only if the timed-out update never committed.
    await expect(impatient.update(p.id, { firstName: 'OnTime' }, 1)).resolves.toMatchObject({
      firstName: 'OnTime',
      version: 2,
    });
    await impatient.close();
  });

  it('creates, updates and deletes racing on one id end only in conflicts and not-founds, never deadlocks', async () => {
    const id = freshId();
    const outcomes = new Map<string, number>();
    const writer = async (n: number) => {
      for (let i = 0; i < 40; i++) {
        const write = [
          () => db.create({ id, firstName: 'Again', lastName: `W${n}` }),
          () => db.update(id, { firstName: `U${n}x${i}` }),
          () => db.delete(id),
        ][(n + i) % 3] as () => Promise<unknown>;
        const outcome = await write().then(
          () => 'ok',
          (e: unknown) => (e as Error).name,
        );
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => writer(n)));
    expect(outcomes.get('ok')).toBeGreaterThan(0);
    for (const outcome of outcomes.keys()) {
      expect(['ok', 'ConflictError', 'NotFoundError']).toContain(outcome);
    }
  });

  it('a database without the table is an UnavailableError until migrate() runs', async () => {
    const empty = await createTestDatabase('ct_test_dao_empty');
    const fresh = await MysqlPersonDb.open({ url: empty.url });
    try {
      expectUnavailableWithoutSecrets(
        (await failure(fresh.get('x'))).error,
        'table missing (run migrate())',
      );
      await fresh.migrate();
      await expect(fresh.get('x')).resolves.toBeUndefined();
    } finally {
      await fresh.close();
      await empty.drop();
    }
  });
});

describe('MysqlPersonDb with outbox: false', () => {
  it('writes as usual and records none of its writes in the outbox', async () => {
    const plain = await openMigrated({ outbox: false });
    const recording = await openMigrated();
    try {
      const latest = async () => {
        let seq = 0;
        for (;;) {
          const rows = await recording.readInvalidations(seq, 1000);
          const last = rows.at(-1);
          if (!last) return seq;
          seq = last.seq;
        }
      };
      // Other test files may write to the same database meanwhile: only this id's rows count.
      const rowsOf = async (id: string, after: number) =>
        (await recording.readInvalidations(after, 1000)).filter((row) => row.id === id);
      const id = freshId();
      const before = await latest();
      await plain.create({ id, firstName: 'Plain', lastName: 'Write' });
      expect((await plain.update(id, { firstName: 'Changed' })).version).toBe(2);
      await plain.delete(id);
      expect(await plain.get(id)).toBeUndefined();
      expect(await rowsOf(id, before)).toEqual([]);
      // The same writes by a recording instance are in the outbox: the check can fail.
      await recording.create({ id, firstName: 'Recorded', lastName: 'Write' });
      expect((await rowsOf(id, before)).map((row) => row.id)).toEqual([id]);
    } finally {
      await Promise.all([plain.close(), recording.close()]);
    }
  });
});

describe('MysqlPersonDb options', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ url: databaseUrl, poolSize: 0 }, 'poolSize'],
    [{ url: databaseUrl, poolSize: 1001 }, 'poolSize'],
    [{ url: databaseUrl, poolSize: 2.5 }, 'poolSize'],
    [{ url: databaseUrl, poolSize: '10' }, 'poolSize'],
    [{ url: databaseUrl, connectTimeoutMs: 0 }, 'connectTimeoutMs'],
    [{ url: databaseUrl, queryTimeoutMs: Number.POSITIVE_INFINITY }, 'queryTimeoutMs'],
    [{ url: databaseUrl, maxIdsPerQuery: 65_536 }, 'maxIdsPerQuery'],
    [{ url: databaseUrl, outbox: 'false' }, 'outbox'],
    [{ url: 42 }, 'url'],
    [{ url: 'mysql://127.0.0.1:3306' }, 'url'],
    [{ url: 'mysql://127.0.0.1:3306/a/b' }, 'url'],
    [{ url: 'mysql://127.0.0.1/db?ssl=true' }, 'url'],
  ])('%o is a ValidationError naming %s', async (options, field) => {
    const open = MysqlPersonDb.open(options as unknown as MysqlPersonDbOptions);
    await expect(open).rejects.toBeInstanceOf(ValidationError);
    await expect(open).rejects.toMatchObject({ field });
  });

  it.each([
    `mysql://app:${PASSWORD}@db.example:notaport/people`,
    `postgres://app:${PASSWORD}@db.example/people`,
    `mysql://app:${PASSWORD}%zz@db.example/people`,
    `app:${PASSWORD}@db.example/people`,
  ])('a bad URL is a ValidationError that does not repeat it (%#)', async (url) => {
    const { error } = await failure(MysqlPersonDb.open({ url }));
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'url' });
    expect(String(error)).not.toContain(PASSWORD);
    expect(String(error)).not.toContain('db.example');
  });
});
