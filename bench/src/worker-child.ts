import type { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { CachetoggleStack } from './cachetoggle';

/** What every worker process tells its parent besides its own results. */
export type WorkerLifecycleReport =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string };

/**
 * The child side of a benchmark worker process: runs `handle` for each order from the parent
 * (a failure is reported as `failed`, never thrown), closes `stack` and `db` and exits when the
 * parent disconnects, and says `ready` once a first read has connected the service to its
 * servers (an absent id: a DB read, then a tombstone), so that what the parent times is the
 * protocol, not connection set-up.
 */
export async function serveOrders<Order>(
  stack: CachetoggleStack,
  db: MysqlPersonDb,
  handle: (order: Order) => Promise<void>,
): Promise<void> {
  const send = (report: WorkerLifecycleReport) => process.send?.(report);
  process.on('message', (order: Order) => {
    handle(order).catch((error: unknown) => send({ type: 'failed', message: String(error) }));
  });
  process.on('disconnect', () => {
    stack
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
  await stack.service.get('warm-up').catch(() => undefined);
  send({ type: 'ready' });
}
