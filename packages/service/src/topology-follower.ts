import type { CacheTopology, PersonCache, TopologyStore } from '@cachetoggle/model';
import type { Logger } from './logger';
import type { TopologyStatus } from './person-service';
import { SharedRowOutage } from './shared-row-outage';
import { SharedRowPoll } from './shared-row-poll';

/** What a `TopologyFollower` needs. */
export interface TopologyFollowerOptions {
  /** The fleet's topology; without one (or a cache without `useTopology`) nothing is followed. */
  readonly store: TopologyStore | undefined;
  readonly cache: PersonCache;
  /** Pause between two reads of the store. */
  readonly pollIntervalMs: number;
  /** How long after a switch deletes also reach a key's previous owner. */
  readonly transitionMs: number;
  /** Invalidates again, at their new owners, the ids invalidated just before a switch. */
  readonly reinvalidate: () => Promise<void>;
  readonly logger: Logger;
}

/**
 * The cache's server placement, following the fleet's topology row as `ModeFollower` follows
 * the mode: the first refresh proposes the cache's own server list (the fleet keeps the row's
 * list when it is another: the first process of a rolling change proposes, the others follow),
 * later ones read the row every `pollIntervalMs` on an `unref`ed timer. A new generation is
 * handed to the cache, then the recent invalidations are sent again. A read that fails keeps
 * the last known placement and says so (`source: 'last-known'`).
 */
export class TopologyFollower {
  readonly #options: TopologyFollowerOptions;
  readonly #active: boolean;
  readonly #poll: SharedRowPoll<TopologyStatus>;
  readonly #outage: SharedRowOutage;
  #proposed = false;
  #topology: CacheTopology | undefined;
  #source: TopologyStatus['source'] = 'configured';

  constructor(options: TopologyFollowerOptions) {
    this.#options = options;
    const { store, cache } = options;
    this.#active =
      store !== undefined &&
      typeof cache.useTopology === 'function' &&
      typeof cache.servers === 'function';
    this.#outage = new SharedRowOutage(options.logger, 'cache topology', 'the last known one');
    this.#poll = new SharedRowPoll(() => this.#read(), options.pollIntervalMs);
    if (this.#active) this.#poll.start();
  }

  /** The generation in use, where it comes from and since when the store is unreadable. */
  status(): TopologyStatus {
    return Object.freeze({
      generation: this.#topology?.generation,
      servers: this.#topology?.servers ?? this.#options.cache.servers?.(),
      source: this.#source,
      unreadableSince: this.#outage.since,
    });
  }

  /**
   * Reads (the first time: proposes) the topology now, joining a read under way, and applies
   * it; resolves with the status after it and never rejects.
   */
  refresh(): Promise<TopologyStatus> {
    if (!this.#active) return Promise.resolve(this.status());
    return this.#poll.refresh();
  }

  /** Stops following. Idempotent. */
  close(): void {
    this.#poll.close();
  }

  async #read(): Promise<TopologyStatus> {
    const { store, cache } = this.#options as { store: TopologyStore; cache: PersonCache };
    if (this.#poll.closed) return this.status();
    try {
      const topology = this.#proposed
        ? await store.read()
        : await store.propose((cache.servers as () => readonly string[])());
      this.#proposed = true;
      this.#outage.succeeded();
      if (topology !== undefined) await this.#apply(topology);
    } catch (error) {
      this.#outage.failed(error);
      if (this.#topology !== undefined) this.#source = 'last-known';
    }
    return this.status();
  }

  async #apply(topology: CacheTopology): Promise<void> {
    if (topology.generation !== this.#topology?.generation) {
      const { cache, transitionMs, reinvalidate, logger } = this.#options;
      await (cache.useTopology as NonNullable<PersonCache['useTopology']>)(topology, transitionMs);
      const from = this.#topology?.generation;
      this.#topology = topology;
      logger.warn(
        { from, generation: topology.generation, servers: topology.servers },
        'cache topology switched',
      );
      await reinvalidate();
    }
    this.#source = 'shared';
  }
}
