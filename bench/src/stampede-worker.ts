// One of the processes of the multi-process stampede: a service of its own (own DAO pool, own
// memcached connection) on the namespace the parent gives, storming ids when told to.
import { openCachetoggle, openMysqlDb } from './cachetoggle';

/** Parent → worker: read `id` with `gets` concurrent `get`s, starting at `startAt` (epoch ms). */
export interface StormOrder {
  readonly type: 'storm';
  readonly id: string;
  readonly gets: number;
  readonly startAt: number;
}

/** Worker → parent. */
export type WorkerReport =
  | { readonly type: 'ready' }
  | {
      readonly type: 'stormed';
      /** Statements this process's DAO sent during the storm. */
      readonly dbQueries: number;
      readonly leaseWaits: number;
      readonly fills: number;
      /** Cache calls that failed or timed out (each one sends its reader to the DB). */
      readonly cacheErrors: number;
      /** Gets that did not return the person (must be 0). */
      readonly wrong: number;
    }
  | { readonly type: 'failed'; readonly message: string };

const { STAMPEDE_SERVERS, STAMPEDE_DATABASE_URL, STAMPEDE_NAMESPACE } = process.env;
if (!STAMPEDE_SERVERS || !STAMPEDE_DATABASE_URL || !STAMPEDE_NAMESPACE || !process.send) {
  throw new Error('stampede-worker runs as a forked child of the benchmark');
}
const send = (report: WorkerReport) => process.send?.(report);
const db = await openMysqlDb(STAMPEDE_DATABASE_URL);
const stack = openCachetoggle(STAMPEDE_SERVERS, STAMPEDE_NAMESPACE, db);

async function storm(order: StormOrder): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, order.startAt - Date.now())));
  const before = db.queryCount;
  const statsBefore = stack.service.stats();
  const reads = await Promise.all(
    Array.from({ length: order.gets }, () => stack.service.get(order.id)),
  );
  const stats = stack.service.stats();
  send({
    type: 'stormed',
    dbQueries: db.queryCount - before,
    leaseWaits: stats.leaseWaits - statsBefore.leaseWaits,
    fills: stats.fills - statsBefore.fills,
    cacheErrors: stats.cacheErrors - statsBefore.cacheErrors,
    wrong: reads.filter((r) => r.person.id !== order.id).length,
  });
}

process.on('message', (order: StormOrder) => {
  storm(order).catch((error: unknown) => send({ type: 'failed', message: String(error) }));
});
process.on('disconnect', () => {
  stack
    .close()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
// Connect to both servers before the first storm (an absent id: a DB read, then a tombstone),
// so the storm measures the protocol rather than connection set-up.
await stack.service.get('warm-up').catch(() => undefined);
send({ type: 'ready' });
