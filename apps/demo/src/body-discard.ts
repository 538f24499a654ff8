import type { IncomingMessage } from 'node:http';

/** How much of a refused body the server reads and throws away before it answers. */
export interface DiscardLimits {
  /** Bytes read at most; past them the answer goes out and the connection is closed. */
  readonly maxBytes: number;
  /** Time waited at most for the rest of the body. */
  readonly maxMs: number;
}

/**
 * The default limits: enough for the bodies real clients send by mistake (a file upload, a
 * bulk export) to arrive whole on a local network, small enough that a client streaming without
 * end holds a connection for seconds, not forever.
 */
export const DEFAULT_DISCARD_LIMITS: DiscardLimits = { maxBytes: 32 * 1024 * 1024, maxMs: 5000 };

/**
 * Reads what is left of `request`'s body and drops it, until the body ends or a limit is met.
 *
 * A server that answers before the body has arrived and then closes the connection leaves the
 * unread bytes in its socket, and the kernel answers them with a reset: a client still sending
 * (Node's `fetch`, curl) sees EPIPE or ECONNRESET instead of the answer. Once the body is read,
 * the answer and the close arrive in order.
 */
export function discardBody(
  request: IncomingMessage,
  limits: DiscardLimits = DEFAULT_DISCARD_LIMITS,
): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', finish);
      request.off('close', finish);
      request.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) finish();
    };
    const timer = setTimeout(finish, limits.maxMs);
    request.on('data', onData);
    request.on('end', finish);
    request.on('close', finish);
    request.on('error', finish);
    request.resume();
  });
}
