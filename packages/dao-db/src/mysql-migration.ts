import { UnavailableError } from '@cachetoggle/model';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import type { PoolConnection, RowDataPacket } from 'mysql2';
import { MYSQL_MIGRATIONS_FOLDER } from './migrations-folder';

// A named lock per database (GET_LOCK names are server-wide and at most 64 characters).
const LOCK_NAME = "CONCAT('cachetoggle-migrate-', SHA1(DATABASE()))";

/**
 * Applies the committed migrations on `conn` while holding a server lock, so that instances
 * starting together on a new database do not both create the table (drizzle's migrator reads
 * what is applied, then applies the rest, without a lock). The lock dies with the connection.
 */
export async function applyMysqlMigrations(
  conn: PoolConnection,
  lockTimeoutMs: number,
): Promise<void> {
  const client = conn.promise();
  const [rows] = await client.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, ?) AS locked`, [
    Math.ceil(lockTimeoutMs / 1000),
  ]);
  if (rows[0]?.locked !== 1) throw new UnavailableError('db', 'another migration holds the lock');
  try {
    await migrate(drizzle({ client }), { migrationsFolder: MYSQL_MIGRATIONS_FOLDER });
  } finally {
    await client.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`);
  }
}
