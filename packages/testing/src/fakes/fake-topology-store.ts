import {
  type CacheTopology,
  canonicalServers,
  nextTopology,
  type TopologyStore,
  UnavailableError,
} from '@cachetoggle/model';

/**
 * An in-memory `TopologyStore` with the real semantics: nothing until the first proposal,
 * every change stamped with the time it was made, calls completing asynchronously. Several
 * services handed the same instance behave as processes sharing one database row.
 */
export class FakeTopologyStore implements TopologyStore {
  #topology: CacheTopology | undefined;
  #closed = false;

  async read(): Promise<CacheTopology | undefined> {
    this.#checkOpen();
    return this.#topology;
  }

  async propose(servers: readonly string[]): Promise<CacheTopology> {
    this.#checkOpen();
    const next = nextTopology(this.#topology, canonicalServers(servers));
    if (next !== undefined) this.#topology = { ...next, changedAt: Date.now() };
    return this.#topology as CacheTopology;
  }

  /** Makes later calls fail with `UnavailableError`, as a closed connection would. */
  close(): void {
    this.#closed = true;
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('db', 'closed');
  }
}
