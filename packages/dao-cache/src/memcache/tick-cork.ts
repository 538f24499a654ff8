import type { Socket } from 'node:net';

const wroteThisTick = new WeakSet<Socket>();

/**
 * Call before each write to `socket`. The first write of a tick goes out at once (a lone
 * request, as at one in flight, waits for nothing); from the second write of the same tick on,
 * the socket is corked until the tick is over (its synchronous code, then its
 * `process.nextTick` callbacks and promise jobs), so 64 gets issued by the continuations of one
 * batch of answers cost two syscalls instead of 64. A socket destroyed in between (a failed
 * connection) drops what it held, as it would have anyway; its requests fail with it.
 */
export function corkUntilNextTick(socket: Socket): void {
  if (socket.destroyed) return;
  if (!wroteThisTick.has(socket)) {
    wroteThisTick.add(socket);
    process.nextTick(endTick, socket);
    return;
  }
  if (socket.writableCorked === 0) socket.cork();
}

function endTick(socket: Socket): void {
  wroteThisTick.delete(socket);
  if (socket.writableCorked > 0) socket.uncork();
}
