import { type MemcacheServerAddress, UnavailableError } from '@cachetoggle/model';
import type { CacheKeyScheme } from '../key-scheme';
import { MetaConnection } from './meta-connection';
import type { MetaReply } from './pending-replies';
import { ServerPlacement } from './server-placement';

/**
 * The memcached servers of one cache: their placements (which server holds a key, see
 * `ServerPlacement`), one connection per server (opened on first use and again after a
 * failure, so a server that comes back is used again without a restart), and the watchdog
 * that enforces the timeout.
 *
 * A server that refuses connections fails its requests as soon as the refusal arrives (no
 * waiting); a server that accepts but does not answer (frozen, overloaded, or a black hole)
 * fails them within 1–1.5 × `timeoutMs`. Either way only that server's keys are affected.
 */
export class MemcacheCluster {
  // One slot per server ever used, so that a placement can name servers by index; a slot's
  // connection is closed when no placement in use holds it, and reopened if one does again.
  readonly #addresses: MemcacheServerAddress[] = [];
  readonly #connections: (MetaConnection | undefined)[] = [];
  readonly #slotByName = new Map<string, number>();
  readonly #timeoutMs: number;
  readonly #watchdog: NodeJS.Timeout;
  #tick = 0;
  #closed = false;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    // An interval timer runs at most once per event-loop turn, so a request must stay
    // unanswered across several turns, spanning a timeout, before it fails: an event loop
    // stalled by other work does not fail answers waiting on the socket (see MetaConnection).
    this.#watchdog = setInterval(() => this.#watch(), Math.max(1, Math.floor(timeoutMs / 2)));
    this.#watchdog.unref();
  }

  /** The placement of `generation` over `servers` with `keys`; no connection is opened. */
  place(
    generation: number,
    keys: CacheKeyScheme,
    servers: readonly MemcacheServerAddress[],
  ): ServerPlacement {
    const byName = new Map(servers.map((server) => [server.name, server]));
    return new ServerPlacement(
      generation,
      keys,
      servers.map((server) => server.name),
      (name) => this.#slot(byName.get(name) as MemcacheServerAddress),
    );
  }

  /** Closes the connections of servers no placement in `inUse` holds (their requests fail). */
  retain(inUse: readonly ServerPlacement[]): void {
    const kept = new Set(inUse.flatMap((placement) => placement.slots()));
    for (const [slot, connection] of this.#connections.entries()) {
      if (connection === undefined || kept.has(slot)) continue;
      connection.fail(new UnavailableError('cache', 'the server left the cache topology'));
      this.#connections[slot] = undefined;
    }
  }

  /** The name (`host:port`) of server `index`. */
  serverName(index: number): string {
    return (this.#addresses[index] as MemcacheServerAddress).name;
  }

  /**
   * Sends `request` to server `index` and queues `reply` for its answer, connecting first when
   * needed. Returns the epoch of the connection used, or 0 when the reply already failed (the
   * cluster is closed).
   */
  send(index: number, request: Buffer, reply: MetaReply): number {
    if (this.#closed) {
      reply.fail(closedError());
      return 0;
    }
    let connection = this.#connections[index];
    if (connection === undefined || !connection.alive) {
      connection = new MetaConnection(
        this.#addresses[index] as MemcacheServerAddress,
        this.#timeoutMs,
      );
      this.#connections[index] = connection;
    }
    connection.send(request, reply, this.#tick);
    return connection.epoch;
  }

  /**
   * The epoch of server `index`'s connection while it is up, else 0 (no epoch is 0): a token
   * read on any other connection must not be used, see MetaConnection.
   */
  liveEpoch(index: number): number {
    const connection = this.#connections[index];
    return connection?.alive ? connection.epoch : 0;
  }

  /** Fails what is in flight, closes every connection and refuses later requests. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#watchdog);
    const error = closedError();
    for (const connection of this.#connections) connection?.fail(error);
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  #slot(address: MemcacheServerAddress): number {
    let slot = this.#slotByName.get(address.name);
    if (slot === undefined) {
      slot = this.#addresses.push(address) - 1;
      this.#connections.push(undefined);
      this.#slotByName.set(address.name, slot);
    }
    return slot;
  }

  #watch(): void {
    this.#tick++;
    for (const connection of this.#connections) connection?.watch(this.#tick);
  }
}

function closedError(): UnavailableError {
  return new UnavailableError('cache', 'the cache client is closed');
}
