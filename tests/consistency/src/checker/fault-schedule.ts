import type { MemcachedFleet } from '@cachetoggle/testing/memcached';
import type { HostFleet } from './host-fleet';
import type { WriteRecord } from './operation-log';

/** What a fault may act on during the round it runs in. */
export interface FaultContext {
  readonly round: number;
  /** The ids the round's load reads and writes. */
  readonly ids: readonly string[];
  /** The ids the round's load only reads. */
  readonly readOnlyIds: readonly string[];
  readonly databaseUrl: string;
  readonly memcached: MemcachedFleet;
  readonly hosts: HostFleet;
  /**
   * How long after a topology switch the processes still delete at a key's previous owner: a
   * server taken out of the list must keep running that long.
   */
  readonly topologyTransitionMs: number;
  /**
   * Makes `servers` the fleet's memcached list through the topology row, has the checker's own
   * cache (evictions, the final look at the entries) place keys by it, and resolves once every
   * process that shares the topology has switched to it (they poll the row).
   */
  proposeServers(servers: readonly string[]): Promise<void>;
  /** Logs a write the fault made itself, for the stale-read and lost-write checks. */
  recordWrite(write: WriteRecord): void;
}

/**
 * One kind of trouble, injected while a round's load runs. `inject` resolves once the trouble
 * is over (lock released, server resumed, process replaced); the round waits for it.
 */
export interface Fault {
  readonly name: string;
  inject(context: FaultContext): Promise<void>;
}

/**
 * Which fault runs in which round: the faults take turns, and every `faults.length + 1`-th
 * round is left clean, as is the last one (whatever the faults left behind is healed while
 * load still runs, before the checker looks). A new kind of fault is one more entry of
 * `faults`.
 */
export function faultForRound(
  faults: readonly Fault[],
  round: number,
  rounds: number,
): Fault | undefined {
  if (faults.length === 0 || round === rounds - 1) return undefined;
  return faults[round % (faults.length + 1)];
}
