import type { Fault } from './fault-schedule';

/**
 * A service process (a different slot each time) is SIGKILLed mid-load, as a crash would end
 * it, and a new one takes its place. What it owed (a write committed whose cache delete never
 * went out) is left to the other processes' outbox followers.
 */
export function processKillFault(options: { afterMs: number }): Fault {
  return {
    name: 'process killed',
    async inject({ round, hosts }) {
      await new Promise((resolve) => setTimeout(resolve, options.afterMs));
      await hosts.crashAndReplace(round % hosts.size);
    },
  };
}
