import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** What one memcached server holds under a key, as its meta protocol answers `mg <key> v`. */
export type ProbedItem =
  | { readonly kind: 'absent' }
  /** An item, possibly an empty lease stub; `flags` are the return flags of the `VA` line. */
  | { readonly kind: 'present'; readonly value: Buffer; readonly flags: readonly string[] };

/** A raw connection to one memcached server, beside (not through) the client under test. */
export interface MemcachedProbe {
  /** Reads `key` with one `mg <key> v t c`; rejects after `timeoutMs` or on a server error. */
  metaGet(key: string, timeoutMs?: number): Promise<ProbedItem>;
  /** Closes the connection. */
  close(): void;
}

const CRLF = Buffer.from('\r\n');

/**
 * Opens a connection to the memcached at `port` on 127.0.0.1. A test uses it to see what one
 * server really holds (say, that a write's invalidation reached it) without going through the
 * cache client, whose key placement and error handling are what the test examines. One request
 * at a time: a probe measures one round trip, and the answers need no matching. A connection
 * that broke (the server was killed and started again) is opened afresh by the next request.
 */
export async function openMemcachedProbe(port: number): Promise<MemcachedProbe> {
  let socket = await connectTo(port);
  let received = Buffer.alloc(0);
  /** The request waiting for its answer: told of new data, or of the connection's end. */
  let waiting: { onData(): void; onClose(): void } | undefined;
  let closed = false;
  const attach = (next: Socket) => {
    received = Buffer.alloc(0);
    next.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      waiting?.onData();
    });
    next.on('error', () => next.destroy());
    next.on('close', () => {
      if (next === socket) waiting?.onClose();
    });
  };
  attach(socket);
  let queue: Promise<unknown> = Promise.resolve();

  const request = async (key: string, timeoutMs: number) => {
    if (socket.destroyed) {
      socket = await connectTo(port);
      attach(socket);
    }
    const current = socket;
    return new Promise<ProbedItem>((resolve, reject) => {
      const settle = (error: Error | undefined, item?: ProbedItem) => {
        clearTimeout(timer);
        waiting = undefined;
        if (error) reject(error);
        else resolve(item as ProbedItem);
      };
      const timer = setTimeout(() => {
        current.destroy();
        settle(new Error(`memcached on port ${port} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting = {
        onData: () => {
          const answer = parseAnswer(received);
          if (answer === undefined) return;
          received = received.subarray(answer.length);
          if (answer.item) settle(undefined, answer.item);
          else settle(new Error(`memcached on port ${port} answered ${answer.line}`));
        },
        onClose: () => settle(new Error(`memcached on port ${port} closed the connection`)),
      };
      current.write(`mg ${key} v t c\r\n`);
    });
  };

  return {
    metaGet(key, timeoutMs = 1000) {
      if (closed) return Promise.reject(new Error('the probe is closed'));
      const next = queue.then(() => request(key, timeoutMs));
      queue = next.catch(() => {});
      return next;
    },
    close() {
      closed = true;
      socket.destroy();
    },
  };
}

async function connectTo(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  await Promise.race([
    once(socket, 'connect'),
    once(socket, 'error').then(([error]) => {
      throw error;
    }),
  ]);
  return socket;
}

/** The first complete answer in `buffer`, or `undefined` while it is incomplete. */
function parseAnswer(
  buffer: Buffer,
): { length: number; line: string; item: ProbedItem | undefined } | undefined {
  const end = buffer.indexOf(CRLF);
  if (end < 0) return undefined;
  const line = buffer.subarray(0, end).toString('latin1');
  if (line === 'EN') return { length: end + 2, line, item: { kind: 'absent' } };
  const [word, size, ...flags] = line.split(' ');
  if (word !== 'VA') return { length: end + 2, line, item: undefined };
  const valueStart = end + 2;
  const valueEnd = valueStart + Number(size);
  if (buffer.length < valueEnd + 2) return undefined;
  const value = Buffer.from(buffer.subarray(valueStart, valueEnd));
  return { length: valueEnd + 2, line, item: { kind: 'present', value, flags } };
}
