import type { Socket } from 'node:net';
import type { MemjsServer } from './memjs-internals';

const REPAIRED = Symbol.for('cachetoggle.memjsServerRepaired');

/**
 * Fixes the 'close' handling of one memjs 1.3.2 server connection (idempotent). memjs puts a
 * 'close' listener on every socket it opens that resets the server's *current* socket:
 *
 * - when a failed socket closes after a newer one replaced it (a request issued right after a
 *   timeout or reset), the newer socket is orphaned: it stays open, `client.close()` no longer
 *   reaches it (the process cannot exit), and its request timeout is cancelled;
 * - when the server closes a connection without an error (memcached stopped or killed), the
 *   requests written to it in the meantime are never answered and never time out.
 *
 * The replacement listener acts only while the closing socket is still the current one, and
 * then fails its pending requests at once through memjs' own `server.error()`.
 */
export function repairMemjsServer(server: MemjsServer): void {
  if (Object.hasOwn(server, REPAIRED)) return;
  const openSocket = server.sock;
  let seen: Socket | undefined;
  server.sock = function repairedSock(this: MemjsServer, sasl, go) {
    openSocket.call(this, sasl, go);
    const socket = this._socket;
    if (socket !== undefined && socket !== seen) {
      seen = socket;
      replaceCloseListener(this, socket);
    }
  };
  Object.defineProperty(server, REPAIRED, { value: true });
}

function replaceCloseListener(server: MemjsServer, socket: Socket): void {
  // The socket was created synchronously inside `sock()`, so its only 'close' listener is memjs'.
  socket.removeAllListeners('close');
  socket.on('close', () => {
    if (server._socket === socket) server.error(new Error('connection closed'));
  });
}
