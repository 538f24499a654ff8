import type { Socket } from 'node:net';
import type { Client } from 'memjs';

/**
 * The parts of memjs 1.3.2 that its typings leave out and this package relies on (see
 * node_modules/memjs/lib/memjs/server.js and memjs.js). Pinned by the package's dependency on
 * memjs ^1.3.2 and exercised by the tests against a real memcached.
 */

/** A parsed response, as memjs' `utils.parseMessage` builds it. */
export interface MemjsResponse {
  readonly header: {
    readonly opcode: number;
    readonly status: number;
    readonly totalBodyLength: number;
    readonly opaque: number;
    /** The 8 CAS bytes of the header. */
    readonly cas: Buffer;
  };
  readonly key: Buffer;
  readonly extras: Buffer;
  readonly val: Buffer;
}

/** A response callback; a `quiet` one stays registered until a response without a body. */
export type MemjsResponseCallback = ((response: MemjsResponse) => void) & { quiet?: boolean };

/** One memcached connection of a memjs client. */
export interface MemjsServer {
  readonly host: string;
  readonly port: number;
  connected: boolean;
  timeoutSet: boolean;
  _socket: Socket | undefined;
  /** Pending response callbacks by sequence number. */
  readonly responseCallbacks: Record<string, MemjsResponseCallback>;
  /** Pending error callbacks by sequence number: one per request still waiting for an answer. */
  readonly errorCallbacks: Record<string, (error: unknown) => void>;
  onResponse(seq: number, callback: MemjsResponseCallback): void;
  onError(seq: number, callback: (error: unknown) => void): void;
  write(request: Buffer): void;
  /** Fails every pending request of this connection and drops the socket. */
  error(error: unknown): void;
  sock(sasl: boolean, go: (socket: Socket) => void): void;
}

/** A memjs client seen through its internals. */
export interface MemjsClient {
  seq: number;
  readonly servers: readonly MemjsServer[];
  incrSeq(): void;
  /** The server a key hashes to, or null when every server is failed over. */
  server(key: string): MemjsServer | null | undefined;
}

/** The internal view of a typed memjs client. */
export function memjsInternals(client: Client): MemjsClient {
  return client as unknown as MemjsClient;
}
