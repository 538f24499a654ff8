// One of the processes of the hot-key case: a service of its own (own DAO pool, own memcached
// connection) with the case's short TTL, reading one id without pause when told to.
import { openCachetoggle, openMysqlDb } from './cachetoggle';
import { serveOrders, type WorkerLifecycleReport } from './worker-child';

/** Parent → worker: read `id` with `inflight` loops from `startAt` (epoch ms) for `durationMs`. */
export interface HotReadOrder {
  readonly type: 'read';
  readonly id: string;
  readonly inflight: number;
  readonly startAt: number;
  readonly durationMs: number;
}

/** Worker → parent. */
export type HotKeyReport =
  | WorkerLifecycleReport
  | {
      readonly type: 'read';
      readonly reads: number;
      /** Reads the service answered from the database: misses. */
      readonly fromDb: number;
      /** Reads of the person from the DB by this process's service (fills, refreshes, fallbacks). */
      readonly dbReads: number;
      /**
       * Every statement this process's DAO sent meanwhile: the reads above and the background
       * work of a service (the outbox follower's polls of the invalidation table).
       */
      readonly dbQueries: number;
      readonly leaseWaits: number;
      readonly cacheErrors: number;
      /** Reads that did not return the person (must be 0). */
      readonly wrong: number;
    };

const { HOTKEY_SERVERS, HOTKEY_DATABASE_URL, HOTKEY_NAMESPACE, HOTKEY_TTL_MS } = process.env;
if (!HOTKEY_SERVERS || !HOTKEY_DATABASE_URL || !HOTKEY_NAMESPACE || !process.send) {
  throw new Error('hot-key-worker runs as a forked child of the benchmark');
}
const send = (report: HotKeyReport) => process.send?.(report);
const db = await openMysqlDb(HOTKEY_DATABASE_URL);
const stack = openCachetoggle(HOTKEY_SERVERS, HOTKEY_NAMESPACE, db, {
  ttlMs: Number(HOTKEY_TTL_MS),
});

async function read(order: HotReadOrder): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, order.startAt - Date.now())));
  const end = order.startAt + order.durationMs;
  const queriesBefore = db.queryCount;
  const statsBefore = stack.service.stats();
  let reads = 0;
  let fromDb = 0;
  let wrong = 0;
  const loop = async () => {
    while (Date.now() < end) {
      const { person, source } = await stack.service.get(order.id);
      reads++;
      if (source === 'db') fromDb++;
      if (person.id !== order.id) wrong++;
    }
  };
  await Promise.all(Array.from({ length: order.inflight }, loop));
  const stats = stack.service.stats();
  send({
    type: 'read',
    reads,
    fromDb,
    dbReads: stats.dbReads - statsBefore.dbReads,
    dbQueries: db.queryCount - queriesBefore,
    leaseWaits: stats.leaseWaits - statsBefore.leaseWaits,
    cacheErrors: stats.cacheErrors - statsBefore.cacheErrors,
    wrong,
  });
}

await serveOrders(stack, db, read);
