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
        await locker.query('START TRANSACTION');
        await locker.query('SELECT id FROM person WHERE id IN (?) FOR UPDATE', [ids.slice(0, 2)]);
        await new Promise((resolve) => setTimeout(resolve, options.holdMs));
        await locker.query('ROLLBACK');
      } finally {
        await locker.end();
      }
    },
  };
}
