import type memjs from 'memjs';

/** Commands memcached has served, summed over the servers of a client. */
export interface CommandCounts {
  /** Keys read (get, gets, getk, getkq: one per key, batched or not). */
  readonly gets: number;
  /** Stores (set, add, cas, replace). */
  readonly stores: number;
  readonly deletes: number;
}

/** Reads memcached's own command counters through `client` (one `stats` per server). */
export function readCommandCounts(client: memjs.Client): Promise<CommandCounts> {
  const servers = (client as unknown as { servers: unknown[] }).servers.length;
  return new Promise((resolve, reject) => {
    let pending = servers;
    const sum = { gets: 0, stores: 0, deletes: 0 };
    client.stats((error, _server, stats) => {
      if (error || stats === null) {
        reject(error ?? new Error('memcached answered stats without values'));
        return;
      }
      sum.gets += Number(stats.cmd_get);
      sum.stores += Number(stats.cmd_set);
      sum.deletes += Number(stats.delete_hits) + Number(stats.delete_misses);
      if (--pending === 0) resolve(sum);
    });
  });
}

/** The commands memcached served while `work` ran (exact only when nothing else uses it). */
export async function countCommands(
  client: memjs.Client,
  work: () => Promise<unknown>,
): Promise<CommandCounts> {
  const before = await readCommandCounts(client);
  await work();
  const after = await readCommandCounts(client);
  return {
    gets: after.gets - before.gets,
    stores: after.stores - before.stores,
    deletes: after.deletes - before.deletes,
  };
}
