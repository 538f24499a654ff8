import {
  type CacheTopology,
  type MemcacheServerAddress,
  parseMemcacheServers,
  ValidationError,
} from '@cachetoggle/model';
import { CacheKeyScheme } from './key-scheme';
import type { MemcacheCluster } from './memcache/memcache-cluster';
import { metaKeyRequest } from './memcache/meta-request';
import type { ServerPlacement } from './memcache/server-placement';
import { DeleteReply } from './memcache-write-replies';

/** Where a key lives under one placement. */
export interface KeyLocation {
  readonly key: string;
  readonly slot: number;
}

/**
 * The placements a `MemcachePersonCache` uses: the current one (generation 0 is the configured
 * list, before any topology was applied) and, for the transition window after a change, the
 * previous one, where processes that have not switched yet may still read.
 */
export class MemcacheTopology {
  readonly #cluster: MemcacheCluster;
  readonly #namespace: string;
  #current: ServerPlacement;
  #previous: ServerPlacement | undefined;
  #transitionEnd: NodeJS.Timeout | undefined;

  constructor(
    cluster: MemcacheCluster,
    namespace: string,
    servers: readonly MemcacheServerAddress[],
  ) {
    this.#cluster = cluster;
    this.#namespace = namespace;
    this.#current = cluster.place(0, new CacheKeyScheme(namespace), servers);
  }

  /** The placement reads, fills and deletes use. */
  get current(): ServerPlacement {
    return this.#current;
  }

  /**
   * Switches to `topology` (false, changing nothing, when it is the current generation) and
   * keeps its previous list in use for deletes for `transitionMs`. Throws `ValidationError`
   * for a topology whose servers are not `host:port` names or a bad `transitionMs`.
   */
  use(topology: CacheTopology, transitionMs: number): boolean {
    if (typeof topology !== 'object' || topology === null) {
      throw new ValidationError('topology', 'must be a topology read from a TopologyStore');
    }
    if (!Number.isSafeInteger(transitionMs) || transitionMs < 0) {
      throw new ValidationError('transitionMs', 'must be a non-negative integer');
    }
    if (topology.generation === this.#current.generation) return false;
    const current = this.#place(topology.generation, topology.servers, topology.epoch);
    const previous =
      topology.previous === undefined
        ? undefined
        : this.#place(topology.generation - 1, topology.previous.servers, topology.previous.epoch);
    this.#current = current;
    this.#previous = previous;
    clearTimeout(this.#transitionEnd);
    this.#cluster.retain(previous ? [current, previous] : [current]);
    if (previous) {
      this.#transitionEnd = setTimeout(() => {
        this.#previous = undefined;
        this.#cluster.retain([this.#current]);
      }, transitionMs);
      this.#transitionEnd.unref();
    }
    return true;
  }

  /**
   * During a transition, deletes `id` where it lived under the previous placement too, when
   * that is not `location` (its place now). Best effort, never failing: only a process that has
   * not switched yet reads there, for at most its poll interval, and no later placement puts
   * the key there again (its epoch moves first). An id the previous key scheme cannot
   * represent had no entry there.
   */
  deleteAtPreviousOwner(id: string, location: KeyLocation): void {
    const previous = this.#previous;
    if (previous === undefined) return;
    let key: string;
    try {
      key = previous.keys.key(id);
    } catch {
      return;
    }
    const slot = previous.slotFor(key);
    if (key === location.key && slot === location.slot) return;
    const reply = new DeleteReply();
    reply.promise.catch(() => {});
    reply.epoch = this.#cluster.send(slot, metaKeyRequest('md', key, ''), reply);
  }

  /** Ends the transition timer. */
  close(): void {
    clearTimeout(this.#transitionEnd);
  }

  #place(generation: number, servers: readonly string[], epoch: number): ServerPlacement {
    if (!Array.isArray(servers) || servers.length === 0) {
      throw new ValidationError('servers', 'must list at least one server');
    }
    const addresses = parseMemcacheServers(servers.join(','));
    return this.#cluster.place(generation, new CacheKeyScheme(this.#namespace, epoch), addresses);
  }
}
