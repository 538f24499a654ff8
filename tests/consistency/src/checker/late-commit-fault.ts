import mysql from 'mysql2/promise';
import type { Fault } from './fault-schedule';

/**
 * Another client holds row locks on two of the round's ids (`SELECT … FOR UPDATE`, which also
 * locks the gap of an id with no row, so creates wait too) for `holdMs`, then rolls back. The
 * services' writes of those ids wait: a process whose client timeout is shorter than the hold
 * has them stopped by the server (its session limits sit below that timeout) and sees them
 * fail; one with a longer timeout commits them late, after the lock goes.
 */
export function lateCommitFault(options: { holdMs: number; afterMs: number }): Fault {
  return {
    name: 'late commit',
    async inject({ ids, databaseUrl }) {
      await new Promise((resolve) => setTimeout(resolve, options.afterMs));
      const locker = await mysql.createConnection(databaseUrl);
      try {
        await lockRows(locker, ids.slice(0, 2));
        await new Promise((resolve) => setTimeout(resolve, options.holdMs));
        await locker.query('ROLLBACK');
      } finally {
        await locker.end();
      }
    },
  };
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
