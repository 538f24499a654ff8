import { driverErrorOf, errorField } from './driver-error';

/** MySQL's "deadlock found when trying to get lock" error number. */
const ER_LOCK_DEADLOCK = 1213;

/** How often a statement or transaction chosen as a deadlock victim is run again. */
export const DEADLOCK_RETRIES = 10;

function isDeadlock(error: unknown): boolean {
  return errorField(driverErrorOf(error), 'errno') === ER_LOCK_DEADLOCK;
}

/**
 * Runs `write` again when InnoDB picked it as a deadlock victim. A victim's transaction has been
 * rolled back whole, so running it again is safe; ordinary contention on one id (a create
 * re-inserting a deleted id while an update or delete of it runs) deadlocks this way on a healthy
 * server, and the caller should see the write's real outcome, not an outage.
 */
export async function retryDeadlocks<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt > DEADLOCK_RETRIES || !isDeadlock(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
