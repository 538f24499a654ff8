import { typeName } from '@cachetoggle/model';
import { CacheServer, type CacheServerParts } from './cache-server';
import type { CacheServerStats } from './person-service';

/** The name of the one server of a cache that does not name its servers (no `serverOf`). */
const SINGLE_SERVER = 'default';

/**
 * Where ids go when the cache cannot place them: `serverOf` threw or gave no name, or named
 * more servers than any real cluster has (a cache that names its keys instead of its servers
 * would otherwise make a breaker and a queue per key).
 */
const UNPLACED_SERVER = 'unplaced';

const MAX_SERVERS = 1024;

/**
 * The health of every cache server, one `CacheServer` per name the cache gives (`serverOf`),
 * made on first use; a cache without `serverOf` is one server, made at once, and finding it
 * costs one field read.
 */
export class CacheServers {
  readonly #parts: CacheServerParts;
  readonly #serverOf: ((id: string) => string) | undefined;
  readonly #single: CacheServer | undefined;
  readonly #byName = new Map<string, CacheServer>();
  // The server of the previous lookup: with one named server (a common case) the map is skipped.
  #last: CacheServer | undefined;
  #closed = false;

  constructor(parts: CacheServerParts) {
    this.#parts = parts;
    const { cache } = parts;
    if (typeof cache.serverOf === 'function') {
      this.#serverOf = cache.serverOf.bind(cache);
    } else {
      this.#single = this.#create(SINGLE_SERVER);
    }
  }

  /** The one server of a cache that names none; `undefined` when the cache names its servers. */
  get single(): CacheServer | undefined {
    return this.#single;
  }

  /** The server that holds `id`'s key. */
  of(id: string): CacheServer {
    const single = this.#single;
    if (single !== undefined) return single;
    let name: unknown;
    try {
      name = (this.#serverOf as (id: string) => string)(id);
    } catch (error) {
      return this.#unplaced(id, error instanceof Error ? error.message : String(error));
    }
    // The server of the previous lookup first: with one server (a common case) every lookup
    // stops here, with no map lookup.
    const last = this.#last;
    if (last !== undefined && last.name === name) return last;
    return this.#lookUp(id, name);
  }

  /** The servers met so far, by name. */
  get all(): readonly CacheServer[] {
    return [...this.#byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Each server's breaker state and pending invalidations, by name. */
  stats(): readonly CacheServerStats[] {
    return this.all.map((server) =>
      Object.freeze({
        name: server.name,
        breakerState: server.breaker.state,
        pendingInvalidations: server.invalidations.size,
      }),
    );
  }

  /** Stops every server's retry timer (and the timers of servers made later). */
  close(): void {
    this.#closed = true;
    for (const server of this.#byName.values()) server.invalidations.close();
  }

  #lookUp(id: string, name: unknown): CacheServer {
    if (typeof name !== 'string' || name.length === 0) {
      return this.#unplaced(id, `serverOf gave ${typeName(name)}`);
    }
    let server = this.#byName.get(name);
    if (server === undefined) {
      if (this.#byName.size >= MAX_SERVERS) {
        return this.#unplaced(id, `more than ${MAX_SERVERS} servers named`);
      }
      server = this.#create(name);
    }
    this.#last = server;
    return server;
  }

  #unplaced(id: string, reason: string): CacheServer {
    this.#parts.warnings.warn(
      'serverOf',
      { id, server: UNPLACED_SERVER, reason },
      'the cache could not name the server of a key; its health is kept apart',
    );
    return this.#byName.get(UNPLACED_SERVER) ?? this.#create(UNPLACED_SERVER);
  }

  #create(name: string): CacheServer {
    const server = new CacheServer(name, this.#parts);
    this.#byName.set(name, server);
    if (this.#closed) server.invalidations.close();
    return server;
  }
}
