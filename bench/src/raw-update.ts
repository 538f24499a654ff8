import type { Person, PersonChanges } from '@cachetoggle/model';
import type mysql from 'mysql2/promise';
import { RAW_SELECT_BY_ID, type RawPersonRow } from './raw-clients';

/**
 * `MysqlPersonDb.update`'s transaction written by hand on a raw mysql2 pool: the `UPDATE`
 * that bumps the version and the read-back, and the outbox insert when `outboxInsert` is given.
 */
export async function plainUpdate(
  pool: mysql.Pool,
  id: string,
  changes: PersonChanges,
  outboxInsert?: string,
): Promise<Person> {
  const connection = await pool.getConnection();
  try {
    await connection.query('START TRANSACTION');
    await connection.execute(
      'UPDATE person SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), version = version + 1 WHERE id = ?',
      [changes.firstName ?? null, changes.lastName ?? null, id],
    );
    const [rows] = await connection.execute<mysql.RowDataPacket[]>(RAW_SELECT_BY_ID, [id]);
    if (outboxInsert) await connection.execute(outboxInsert, [id]);
    await connection.query('COMMIT');
    const row = rows[0] as RawPersonRow | undefined;
    if (!row) throw new Error(`no person ${id}`);
    return { id: row.id, firstName: row.first_name, lastName: row.last_name, version: row.version };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    connection.release();
  }
}

/** The outbox insert of the DAO, for a raw baseline that pays for it too. */
export const RAW_OUTBOX_INSERT = 'INSERT INTO person_invalidation (person_id) VALUES (?)';
