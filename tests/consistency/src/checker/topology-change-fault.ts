import { startMemcached } from '@cachetoggle/testing/memcached';
import type { Fault } from './fault-schedule';

/**
 * A memcached server joins the fleet mid-load and leaves it again: one more server is started
 * and the list with it is proposed through the topology row (the processes follow at their
 * next poll; the key epoch moves, so the cache starts cold), it serves under load for `holdMs`
 * once every process has switched, and the list without it is proposed. It is stopped only
 * when the transition window after that removal has passed in every process (each counts it
 * from its own switch, and `proposeServers` resolves after the last one): until then the
 * processes still send deletes to it as a key's previous owner. Only the server this fault
 * started is ever removed, so the fleet's own servers (the ones the other faults act on) stay.
 */
export function topologyChangeFault(options: { holdMs: number; afterMs: number }): Fault {
  return {
    name: 'memcached server added and removed',
    async inject({ memcached, proposeServers, topologyTransitionMs }) {
      await new Promise((resolve) => setTimeout(resolve, options.afterMs));
      const base = memcached.servers.split(',');
      const added = await startMemcached();
      try {
        await proposeServers([...base, added.servers]);
        await new Promise((resolve) => setTimeout(resolve, options.holdMs));
        await proposeServers(base);
        await new Promise((resolve) => setTimeout(resolve, topologyTransitionMs));
      } finally {
        await added.stop();
      }
    },
  };
}
