import { ValidationError } from '../errors';

/** The servers of one generation and the key epoch they were used with. */
export interface TopologyServers {
  /** Server names (`host:port`), sorted: one list has one spelling. */
  readonly servers: readonly string[];
  /** The generation of the last change that added a server; part of every key's namespace. */
  readonly epoch: number;
}

/**
 * The cache servers the whole fleet places keys on, as the shared store holds them. Every
 * change is a new `generation`; `previous` is the generation before it, so that a process can
 * invalidate on the old owner of a key while others may still read there.
 *
 * `epoch` changes when a server is added (or comes back), and stays when servers are only
 * removed: a change that adds a server takes key ranges away from the others, and a range that
 * later comes back to its old server would find the entries it left there, never invalidated
 * meanwhile. A new epoch makes every earlier entry unreachable; a pure removal only hands
 * ranges to servers that never held them under the current epoch.
 */
export interface CacheTopology extends TopologyServers {
  /** 1 for the first list recorded, then +1 per change. */
  readonly generation: number;
  /** The list this generation replaced; `undefined` for generation 1. */
  readonly previous: TopologyServers | undefined;
  /** When this generation was recorded, in milliseconds since the epoch, by the store's clock. */
  readonly changedAt: number;
}

/**
 * Where the cache topology of a whole fleet lives, so that every process places a key on the
 * same server whatever list it was started with. Both methods turn a backend that is down or
 * times out into `UnavailableError`.
 */
export interface TopologyStore {
  /** The current generation, or `undefined` when no list was ever proposed. */
  read(): Promise<CacheTopology | undefined>;
  /**
   * Makes `servers` (any order) the fleet's list and returns the generation now current: the
   * same one when the list is already current, else a new generation, atomically (of two
   * concurrent proposals each gets its own generation; neither is lost). Throws
   * `ValidationError('servers')` for a list `canonicalServers` refuses, storing nothing.
   */
  propose(servers: readonly string[]): Promise<CacheTopology>;
}

/** Most servers in one topology. */
export const MAX_TOPOLOGY_SERVERS = 1000;

const SERVER_NAME = /^[\x21-\x2b\x2d-\x7e]{1,300}$/;

/**
 * `servers` sorted, after checking it is a non-empty array (at most 1000) of distinct names of
 * 1–300 printable ASCII characters without spaces or commas; throws `ValidationError('servers')`.
 */
export function canonicalServers(servers: unknown): string[] {
  if (!Array.isArray(servers) || servers.length === 0 || servers.length > MAX_TOPOLOGY_SERVERS) {
    throw new ValidationError(
      'servers',
      `must be a list of 1 to ${MAX_TOPOLOGY_SERVERS} server names`,
    );
  }
  for (const [index, name] of servers.entries()) {
    if (typeof name !== 'string' || !SERVER_NAME.test(name)) {
      throw new ValidationError(
        'servers',
        `entry ${index + 1} must be 1 to 300 printable characters without spaces or commas`,
      );
    }
  }
  const sorted = [...(servers as string[])].sort();
  if (new Set(sorted).size !== sorted.length) {
    throw new ValidationError('servers', 'lists a server twice');
  }
  return sorted;
}

/**
 * The generation that follows `current` when `servers` (canonical) is proposed, without its
 * `changedAt` (the store stamps it); `undefined` when `servers` is already current.
 */
export function nextTopology(
  current: CacheTopology | undefined,
  servers: readonly string[],
): Omit<CacheTopology, 'changedAt'> | undefined {
  if (current === undefined) {
    return { generation: 1, servers, epoch: 1, previous: undefined };
  }
  if (sameServers(current.servers, servers)) return undefined;
  const generation = current.generation + 1;
  const added = servers.some((name) => !current.servers.includes(name));
  return {
    generation,
    servers,
    epoch: added ? generation : current.epoch,
    previous: { servers: current.servers, epoch: current.epoch },
  };
}

function sameServers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
