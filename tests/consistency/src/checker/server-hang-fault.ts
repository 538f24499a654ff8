import type { Fault } from './fault-schedule';

/**
 * One memcached server (a different one each time) is frozen with SIGSTOP for `holdMs` and then
 * resumed with its entries: connections stay open and nothing is answered meanwhile.
 */
export function serverHangFault(options: { holdMs: number; afterMs: number }): Fault {
  return {
    name: 'memcached server hung',
    async inject({ round, memcached }) {
      const victim = memcached.members[round % memcached.members.length];
      if (!victim) return;
      await new Promise((resolve) => setTimeout(resolve, options.afterMs));
      await victim.pause();
      try {
        await new Promise((resolve) => setTimeout(resolve, options.holdMs));
      } finally {
        victim.resume();
      }
    },
  };
}
