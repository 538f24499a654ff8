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
 * load still runs, before the checker looks). A new kind of fault (a memcached server added
 * to or removed from the list) is one more entry of `faults`.
 */
export function faultForRound(
  faults: readonly Fault[],
  round: number,
  rounds: number,
): Fault | undefined {
  if (faults.length === 0 || round === rounds - 1) return undefined;
  return faults[round % (faults.length + 1)];
}
