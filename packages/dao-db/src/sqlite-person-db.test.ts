import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personDbContract } from '@cachetoggle/testing/contracts';
import { SqlitePersonDb } from './sqlite-person-db';

async function openMigrated(url: string): Promise<SqlitePersonDb> {
  const db = await SqlitePersonDb.open({ url });
  await db.migrate();
  return db;
}

personDbContract('SqlitePersonDb (:memory:)', async () => ({ db: await openMigrated(':memory:') }));

personDbContract('SqlitePersonDb (file)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ct-sqlite-'));
  return {
    db: await openMigrated(`file:${join(dir, 'people.db')}`),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
