import { type CacheTopology, UnavailableError } from '@cachetoggle/model';

/** The `cache_topology` row's fields as both databases store them (lists as JSON text). */
export interface TopologyRow {
  readonly generation: number;
  readonly servers: string;
  readonly epoch: number;
  readonly previousServers: string | null;
  readonly previousEpoch: number | null;
  readonly changedAt: number;
}

/** The row's fields for a generation (the store stamps `changedAt`). */
export function topologyColumns(topology: Omit<CacheTopology, 'changedAt'>) {
  return {
    generation: topology.generation,
    servers: JSON.stringify(topology.servers),
    epoch: topology.epoch,
    previousServers:
      topology.previous === undefined ? null : JSON.stringify(topology.previous.servers),
    previousEpoch: topology.previous === undefined ? null : topology.previous.epoch,
  };
}

/** The topology a row holds; a row that does not parse is `UnavailableError` (never guessed). */
export function toTopology(row: TopologyRow): CacheTopology {
  try {
    const previous =
      row.previousServers === null || row.previousEpoch === null
        ? undefined
        : { servers: serverList(row.previousServers), epoch: Number(row.previousEpoch) };
    return {
      generation: Number(row.generation),
      servers: serverList(row.servers),
      epoch: Number(row.epoch),
      previous,
      changedAt: Number(row.changedAt),
    };
  } catch {
    throw new UnavailableError('db', 'the cache_topology row does not hold a server list');
  }
}

function serverList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string')) {
    throw new TypeError('not a list of names');
  }
  return parsed;
}
