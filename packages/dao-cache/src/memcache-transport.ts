import { UnavailableError } from '@cachetoggle/model';
import type { Client } from 'memjs';
import { multiGetRequest, Opcode, setOpaque } from './memcache-binary-protocol';
import {
  type MemjsClient,
  type MemjsResponse,
  type MemjsResponseCallback,
  type MemjsServer,
  memjsInternals,
} from './memjs-internals';
import { repairMemjsServer } from './memjs-repair';
import { corkUntilNextTick } from './tick-cork';

/**
 * Sends raw binary requests over a memjs client's connections and turns every failure into an
 * `UnavailableError('cache')`. memjs still owns the sockets and reconnects after a failure; a
 * watchdog fails every request of a connection once one of them is unanswered after
 * `timeoutMs` (memjs' own timer misfires when the event loop stalls, and memjs loses requests
 * in a few corners, see memjs-repair.ts), so no call waits longer than about 1.5 × `timeoutMs`.
 * The requests of one tick leave in one write per connection (see tick-cork.ts).
 */
export class MemcacheTransport {
  readonly #client: MemjsClient;
  readonly #watchdog: NodeJS.Timeout;
  readonly #timeoutMs: number;
  readonly #firstSeen = new Map<MemjsServer, Map<string, number>>();
  readonly #ownsClient: boolean;
  #tick = 0;
  #closed = false;

  /**
   * `ownsClient`: `close()` also drops the client's connections (failing what is in flight);
   * otherwise they stay open for the client's owner to close.
   */
  constructor(client: Client, options: { timeoutMs: number; ownsClient: boolean }) {
    const { timeoutMs } = options;
    this.#client = memjsInternals(client);
    this.#timeoutMs = timeoutMs;
    this.#ownsClient = options.ownsClient;
    for (const server of this.#client.servers) repairMemjsServer(server);
    // Ticks every half timeout; a request seen pending on three ticks is between one and one and
    // a half timeouts old, and the socket was read in between (an interval timer runs once per
    // event-loop turn), so a stalled event loop does not fail requests already answered.
    this.#watchdog = setInterval(() => this.#watch(), Math.max(1, timeoutMs / 2));
    this.#watchdog.unref();
  }

  /**
   * Sends a single-response request for `key` and settles with `decode(response)`; `decode` may
   * throw to reject (for statuses it does not expect).
   */
  perform<T>(key: string, request: Buffer, decode: (response: MemjsResponse) => T): Promise<T> {
    const server = this.#serverFor(key);
    if (typeof server === 'string') return Promise.reject(new UnavailableError('cache', server));
    const seq = this.#nextSeq();
    setOpaque(request, seq);
    return new Promise<T>((resolve, reject) => {
      server.onResponse(seq, (response) => {
        try {
          resolve(decode(response));
        } catch (error) {
          reject(error);
        }
      });
      server.onError(seq, (error) => reject(unavailable(error)));
      write(server, request, seq, reject);
    });
  }

  /**
   * Reads `keys` (distinct) with one write and one wait per server: quiet gets answer only the
   * hits, the closing noop says the batch is done. Resolves with the successful responses by key.
   */
  multiGet(keys: readonly string[]): Promise<Map<string, MemjsResponse>> {
    const byServer = new Map<MemjsServer, string[]>();
    for (const key of keys) {
      const server = this.#serverFor(key);
      if (typeof server === 'string') return Promise.reject(new UnavailableError('cache', server));
      const batch = byServer.get(server);
      if (batch) batch.push(key);
      else byServer.set(server, [key]);
    }
    const found = new Map<string, MemjsResponse>();
    const batches = [...byServer].map(([server, batch]) => this.#multiGetOn(server, batch, found));
    return Promise.all(batches).then(() => found);
  }

  /**
   * Stops the watchdog and, when it owns the client, closes its connections (requests still in
   * flight reject). Later calls reject. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#watchdog);
    if (!this.#ownsClient) return;
    for (const server of this.#client.servers) server.error(new Error('the cache client closed'));
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  #multiGetOn(
    server: MemjsServer,
    keys: readonly string[],
    found: Map<string, MemjsResponse>,
  ): Promise<void> {
    const seq = this.#nextSeq();
    const request = multiGetRequest(keys, seq);
    return new Promise<void>((resolve, reject) => {
      let failedStatus: number | undefined;
      const onResponse: MemjsResponseCallback = (response) => {
        if (response.header.opcode === Opcode.noop) {
          if (failedStatus === undefined) resolve();
          else reject(unexpectedStatus('multi-get', failedStatus));
        } else if (response.header.totalBodyLength === 0) {
          // memjs unregisters a quiet callback on a bodiless response: no noop will reach us.
          reject(unexpectedStatus('multi-get', response.header.status));
        } else if (response.header.status === 0) {
          found.set(response.key.toString('latin1'), response);
        } else {
          failedStatus = response.header.status;
        }
      };
      onResponse.quiet = true;
      server.onResponse(seq, onResponse);
      server.onError(seq, (error) => reject(unavailable(error)));
      write(server, request, seq, reject);
    });
  }

  #serverFor(key: string): MemjsServer | string {
    if (this.#closed) return 'the cache client is closed';
    return this.#client.server(key) ?? 'no memcached server available';
  }

  #nextSeq(): number {
    this.#client.incrSeq();
    // memjs wraps its counter with `&= 0xffffffff`, which turns negative after 2^31 requests
    // (and then fails to encode); read it as the unsigned 32-bit opaque the server echoes.
    return this.#client.seq >>> 0;
  }

  #watch(): void {
    this.#tick++;
    for (const server of this.#client.servers) {
      const before = this.#firstSeen.get(server);
      let now: Map<string, number> | undefined;
      let stuck = false;
      for (const seq in server.errorCallbacks) {
        const first = before?.get(seq) ?? this.#tick;
        if (this.#tick - first >= 2) stuck = true;
        now ??= new Map();
        now.set(seq, first);
      }
      if (stuck) {
        this.#firstSeen.delete(server);
        server.error(new Error(`no answer within ${this.#timeoutMs} ms`));
      } else if (now) {
        this.#firstSeen.set(server, now);
      } else {
        this.#firstSeen.delete(server);
      }
    }
  }
}

/** The `UnavailableError` of an unexpected response status. */
export function unexpectedStatus(operation: string, status: number): UnavailableError {
  return new UnavailableError(
    'cache',
    `${operation} answered with status 0x${status.toString(16)}`,
  );
}

/**
 * Writes `request`, coalesced with the other requests of this tick on the same connection; a
 * synchronous throw (memjs opening a socket) fails the request alone.
 */
function write(
  server: MemjsServer,
  request: Buffer,
  seq: number,
  reject: (error: unknown) => void,
): void {
  try {
    corkUntilNextTick(server._socket);
    server.write(request);
  } catch (error) {
    delete server.responseCallbacks[seq];
    delete server.errorCallbacks[seq];
    reject(unavailable(error));
  }
}

function unavailable(error: unknown): UnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  return new UnavailableError('cache', message, { cause: error });
}
