import mysql from 'mysql2/promise';
import { describe, expect, inject, it } from 'vitest';
import { connectToTestServer, createTestDatabase } from './test-database';

async function databaseExists(name: string): Promise<boolean> {
  const conn = await connectToTestServer();
  try {
    const [rows] = await conn.query('SHOW DATABASES LIKE ?', [name]);
    return (rows as unknown[]).length === 1;
  } finally {
    await conn.end();
  }
}

describe('createTestDatabase', () => {
  it('creates an empty utf8mb4 database and drops it, idempotently', async () => {
    const db = await createTestDatabase();
    expect(await databaseExists(db.name)).toBe(true);
    const conn = await mysql.createConnection(db.url);
    const [rows] = await conn.query(
      'SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [db.name],
    );
    await conn.end();
    expect((rows as { cs: string }[])[0]?.cs).toBe('utf8mb4');
    await db.drop();
    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
  });

  it('the global setup provides a database of this run', async () => {
    const url = new URL(inject('databaseUrl'));
    expect(await databaseExists(url.pathname.slice(1))).toBe(true);
  });
});
