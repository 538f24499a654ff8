import type { Socket } from 'node:net';
import type memjs from 'memjs';
import { openMemjs } from './raw-clients';

/** The parts of a memjs 1.3 server connection that its typings leave out. */
interface MemjsServerInternals {
  connected: boolean;
  _socket: Socket | undefined;
  write(request: Buffer): void;
}

/**
 * A memjs client whose requests written in one tick leave in one socket write: what an
 * application tuning memjs by hand would add (about 15 lines), so that the baseline has the
 * same batching cachetoggle's own transport has. memjs writes every request with its own
 * `socket.write`, one syscall each; here the first write of a tick corks the connected socket
 * and `process.nextTick` uncorks it, so the tick's requests go out in one `writev`.
 */
export function openTickBatchedMemjs(servers: string): memjs.Client {
  const client = openMemjs(servers);
  const internals = (client as unknown as { servers: MemjsServerInternals[] }).servers;
  for (const server of internals) {
    const write = server.write.bind(server);
    server.write = (request) => {
      const socket = server._socket;
      if (socket !== undefined && server.connected && socket.writableCorked === 0) {
        socket.cork();
        process.nextTick(uncork, socket);
      }
      write(request);
    };
  }
  return client;
}

function uncork(socket: Socket): void {
  if (socket.writableCorked > 0) socket.uncork();
}
