// The other process of the fleet case: a service of its own (own DAO pool, own memcached
// connection, its outbox follower and its mode follower running) on the namespace the parent
// gives. It fills keys, then watches for them to go or for the fleet's mode to change, and
// reports when it saw it (wall clock, which the parent on the same machine shares).
import { MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { openMysqlDb } from './cachetoggle';
import { serveOrders, type WorkerLifecycleReport } from './worker-child';

/** Parent → worker. */
export type FleetOrder =
  /** Read each id through the service, so that its key is cached. */
  | { readonly type: 'fill'; readonly ids: readonly string[] }
  /** Watch each id's key until it no longer holds that version. */
  | { readonly type: 'watch'; readonly keys: readonly { id: string; version: number }[] }
  /** Watch the service's mode until it is `useDb`. */
  | { readonly type: 'watch-mode'; readonly useDb: boolean };

/** Worker → parent. */
export type FleetReport =
  | WorkerLifecycleReport
  | { readonly type: 'filled' }
  /** Epoch milliseconds at which each key was first seen without its old version. */
  | { readonly type: 'gone'; readonly at: Readonly<Record<string, number>> }
  /** Epoch milliseconds at which the service first served in the new mode. */
  | { readonly type: 'mode'; readonly at: number };

/** How often the worker looks: short against the bounds measured (hundreds of ms). */
const POLL_MS = 2;

const { FLEET_SERVERS, FLEET_DATABASE_URL, FLEET_NAMESPACE } = process.env;
if (!FLEET_SERVERS || !FLEET_DATABASE_URL || !FLEET_NAMESPACE || !process.send) {
  throw new Error('fleet-worker runs as a forked child of the benchmark');
}
const send = (report: FleetReport) => process.send?.(report);
const now = () => performance.timeOrigin + performance.now();
const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));
const db = await openMysqlDb(FLEET_DATABASE_URL);
const cache = new MemcachePersonCache({ servers: FLEET_SERVERS, namespace: FLEET_NAMESPACE });
const service = new CacheAsidePersonService({ db, cache, modeStore: db.modeStore });
await service.refreshMode();
const stack = {
  service,
  cache,
  close: async () => {
    await service.close();
    await cache.close();
  },
};

async function watchKey(id: string, version: number): Promise<number> {
  for (;;) {
    // A read that times out on a busy machine tells nothing: look again (the delay it adds
    // counts against the delivery, never for it).
    const entry = await cache.get(id).catch(() => undefined);
    if (entry && (entry.kind !== 'person' || entry.person.version !== version)) return now();
    await pause();
  }
}

async function handle(order: FleetOrder): Promise<void> {
  switch (order.type) {
    case 'fill':
      await Promise.all(order.ids.map((id) => service.get(id)));
      send({ type: 'filled' });
      return;
    case 'watch': {
      const at: Record<string, number> = {};
      await Promise.all(
        order.keys.map(async ({ id, version }) => {
          at[id] = await watchKey(id, version);
        }),
      );
      send({ type: 'gone', at });
      return;
    }
    case 'watch-mode':
      while (service.mode().useDb !== order.useDb) await pause();
      send({ type: 'mode', at: now() });
      return;
  }
}

await serveOrders(stack, db, handle);
