import { personDbContract } from '@cachetoggle/testing/contracts';
import { inject } from 'vitest';
import { MysqlPersonDb } from './mysql-person-db';

const databaseUrl = inject('databaseUrl');

async function openMigrated(): Promise<MysqlPersonDb> {
  const db = await MysqlPersonDb.open({ url: databaseUrl });
  await db.migrate();
  return db;
}

personDbContract('MysqlPersonDb (MariaDB)', async () => ({ db: await openMigrated() }));
