import mysql from 'mysql2/promise';
import type { Fault } from './fault-schedule';
import { type WriteRecord, wallClockMs } from './operation-log';

/**
 * Two other clients take row locks (`SELECT … FOR UPDATE`, which also locks the gap of an id
 * with no row, so creates wait too). One holds the round's first id for `holdMs` and rolls
 * back: the services' writes of it wait, and a process whose client timeout is shorter than
 * the hold has them stopped by the server (its session limits sit below that timeout) and sees
 * them fail, while one with a longer timeout commits them late, after the lock goes. The other
 * updates a row the load only reads, with its outbox row, as a statement a service gave up on
 * would, and commits after `commitAfterMs` while the load still runs: readers refill the old
 * row meanwhile and no service deletes the key for that write, so only the outbox followers
 * can. That write counts as acknowledged at its commit.
 */
export function lateCommitFault(options: {
  holdMs: number;
  commitAfterMs: number;
  afterMs: number;
}): Fault {
  return {
    name: 'late commit',
    async inject({ round, ids, readOnlyIds, databaseUrl, recordWrite }) {
      await new Promise((resolve) => setTimeout(resolve, options.afterMs));
      const hold = async (connection: mysql.Connection) => {
        await lockRows(connection, ids.slice(0, 1));
        await new Promise((resolve) => setTimeout(resolve, options.holdMs));
        await connection.query('ROLLBACK');
      };
      const commitLate = async (connection: mysql.Connection) => {
        await lockRows(connection, readOnlyIds);
        const startedAt = wallClockMs();
        const late = await updateOneOf(connection, readOnlyIds, `Late.r${round}`);
        await new Promise((resolve) => setTimeout(resolve, options.commitAfterMs));
        await connection.query('COMMIT');
        if (late) recordWrite({ ...late, startedAt, endedAt: wallClockMs() });
      };
      await Promise.all([
        withConnection(databaseUrl, hold),
        withConnection(databaseUrl, commitLate),
      ]);
    },
  };
}

async function withConnection(
  databaseUrl: string,
  use: (connection: mysql.Connection) => Promise<void>,
): Promise<void> {
  const connection = await mysql.createConnection(databaseUrl);
  try {
    await use(connection);
  } finally {
    await connection.end();
  }
}

/** Updates the first of `ids` that has a row, with its outbox row, in the open transaction. */
async function updateOneOf(
  locker: mysql.Connection,
  ids: readonly string[],
  firstName: string,
): Promise<Omit<WriteRecord, 'startedAt' | 'endedAt'> | undefined> {
  for (const id of ids) {
    const [rows] = await locker.query<mysql.RowDataPacket[]>(
      'SELECT last_name, version FROM person WHERE id = ?',
      [id],
    );
    const row = rows[0];
    if (!row) continue;
    await locker.query('UPDATE person SET first_name = ?, version = version + 1 WHERE id = ?', [
      firstName,
      id,
    ]);
    await locker.query('INSERT INTO person_invalidation (person_id) VALUES (?)', [id]);
    return {
      kind: 'update',
      id,
      outcome: 'acked',
      firstName,
      lifetime: String(row.last_name),
      version: Number(row.version) + 1,
    };
  }
  return undefined;
}

const LOCK_ATTEMPTS = 10;

/**
 * Opens a transaction holding `ids`' row locks. The gap locks it takes for absent ids can
 * deadlock with the services' inserts, and InnoDB may pick the locker as the victim: it starts
 * over then, as any client told to restart its transaction does.
 */
async function lockRows(locker: mysql.Connection, ids: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await locker.query('START TRANSACTION');
    try {
      await locker.query('SELECT id FROM person WHERE id IN (?) FOR UPDATE', [ids]);
      return;
    } catch (error) {
      await locker.query('ROLLBACK');
      const code = (error as { code?: string }).code;
      if (code !== 'ER_LOCK_DEADLOCK' || attempt === LOCK_ATTEMPTS) throw error;
    }
  }
}
