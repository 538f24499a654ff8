import type { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { Person, PersonChanges, PersonDb } from '@cachetoggle/model';
import type mysql from 'mysql2/promise';
import { RAW_SELECT_BY_ID, type RawPersonRow } from './raw-clients';

/**
 * The write of `MysqlPersonDb.update` without its outbox row: one transaction on a raw mysql2
 * pool with the same `UPDATE … version = version + 1` and the same read-back of the row. The
 * baseline of what the outbox costs a write; everything else is the run's DAO, and it has no
 * outbox to follow, so a service over it runs as it did before the outbox.
 */
export function plainWritesPersonDb(db: MysqlPersonDb, pool: mysql.Pool): PersonDb {
  return {
    get: (id) => db.get(id),
    getMany: (ids) => db.getMany(ids),
    create: (person) => db.create(person),
    delete: (id, expectedVersion) => db.delete(id, expectedVersion),
    update: (id, changes) => plainUpdate(pool, id, changes),
    // The run's DAO is shared; it is closed with the run.
    close: async () => {},
  };
}

/** `UPDATE` and read-back in one transaction, as the DAO does, minus the outbox insert. */
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
