import { randomBytes } from 'node:crypto';
import { UnavailableError } from '@cachetoggle/model';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MysqlPersonDb } from './mysql-person-db';
import { serverStatementLimitMs } from './mysql-session-limits';

const databaseUrl = inject('databaseUrl');
const QUERY_TIMEOUT_MS = 3000;

describe('server-side limits on each pooled connection', () => {
  let db: MysqlPersonDb;
  let locker: mysql.Connection;

  beforeAll(async () => {
    db = await MysqlPersonDb.open({ url: databaseUrl, queryTimeoutMs: QUERY_TIMEOUT_MS });
    await db.migrate();
    locker = await mysql.createConnection(databaseUrl);
  });

  afterAll(async () => {
    await locker.end();
    await db.close();
  });

  it('stay below the client timeout, with room for the rest of a transaction', () => {
    expect(serverStatementLimitMs(5000)).toBe(4000);
    expect(serverStatementLimitMs(1200)).toBe(600);
    expect(serverStatementLimitMs(1)).toBe(1);
  });

  it.each(['update', 'delete'] as const)(
    'a %s blocked on a row lock fails on the server before the client timeout and commits nothing',
    async (write) => {
      const id = `lock-${randomBytes(6).toString('hex')}`;
      await db.create({ id, firstName: 'Ada', lastName: 'Lovelace' });
      const [outbox] = await locker.query<mysql.RowDataPacket[]>(
        'SELECT COALESCE(MAX(seq), 0) AS seq FROM person_invalidation',
      );
      const before = Number(outbox[0]?.seq);
      await locker.query('START TRANSACTION');
      await locker.query('SELECT id FROM person WHERE id = ? FOR UPDATE', [id]);
      const start = performance.now();
      const attempt = write === 'update' ? db.update(id, { firstName: 'X' }) : db.delete(id);
      const error = await attempt.then(
        () => new Error('expected a rejection'),
        (e: unknown) => e,
      );
      const ms = performance.now() - start;
      await locker.query('ROLLBACK');
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toMatch(/on the server|lock wait timed out/);
      expect(ms).toBeLessThan(QUERY_TIMEOUT_MS);
      expect(ms).toBeGreaterThanOrEqual(serverStatementLimitMs(QUERY_TIMEOUT_MS) - 100);
      expect(await db.get(id)).toMatchObject({ firstName: 'Ada', version: 1 });
      const rows = await db.readInvalidations(before, 100);
      expect(rows.filter((row) => row.id === id)).toStrictEqual([]);
    },
  );
});
