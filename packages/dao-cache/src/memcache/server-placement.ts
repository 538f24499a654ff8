import type { CacheKeyScheme } from '../key-scheme';
import { KetamaRing } from './ketama-ring';

/**
 * Where the keys of one topology generation go: the key scheme (whose namespace carries the
 * key epoch) and the ketama ring, its servers mapped to the cluster's connection slots.
 */
export class ServerPlacement {
  /** The servers, sorted (the ring's order). */
  readonly servers: readonly string[];
  readonly #ring: KetamaRing;
  readonly #slots: readonly number[];

  /**
   * `slotOf(name)` gives the cluster's slot for each server. Throws `RangeError` for no server
   * or a server listed twice.
   */
  constructor(
    readonly generation: number,
    readonly keys: CacheKeyScheme,
    servers: readonly string[],
    slotOf: (name: string) => number,
  ) {
    this.#ring = new KetamaRing(servers);
    this.servers = this.#ring.servers;
    this.#slots = this.servers.map(slotOf);
  }

  /** The cluster slot of the server that holds `key`. */
  slotFor(key: string): number {
    return this.#slots[this.#ring.serverIndexFor(key)] as number;
  }

  /** The slots this placement uses. */
  slots(): readonly number[] {
    return this.#slots;
  }
}
