// One of the processes of the multi-process stampede: a service of its own (own DAO pool, own
// memcached connection) on the namespace the parent gives, storming ids when told to.
import { openCachetoggle, openMysqlDb } from './cachetoggle';
import { serveOrders, type WorkerLifecycleReport } from './worker-child';

/** Parent → worker: read `id` with `gets` concurrent `get`s, starting at `startAt` (epoch ms). */
export interface StormOrder {
  readonly type: 'storm';
  readonly id: string;
  readonly gets: number;
  readonly startAt: number;
}

/** Worker → parent. */
export type WorkerReport =
  | WorkerLifecycleReport
  | {
      readonly type: 'stormed';
      /** Reads of the person from the DB by this process's service during the storm. */
      readonly dbReads: number;
      /** Every statement this process's DAO sent meanwhile (outbox polls included). */
      readonly dbQueries: number;
      readonly leaseWaits: number;
      readonly fills: number;
      /** Cache calls that failed or timed out (each one sends its reader to the DB). */
      readonly cacheErrors: number;
      /** Gets that did not return the person (must be 0). */
      readonly wrong: number;
    };

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
    dbReads: stats.dbReads - statsBefore.dbReads,
    dbQueries: db.queryCount - before,
    leaseWaits: stats.leaseWaits - statsBefore.leaseWaits,
    fills: stats.fills - statsBefore.fills,
    cacheErrors: stats.cacheErrors - statsBefore.cacheErrors,
    wrong: reads.filter((r) => r.person.id !== order.id).length,
  });
}

await serveOrders(stack, db, storm);
