import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy for fault tests (not part of the package's API): forwards to a real server
 * until `pause()`, after which it still accepts connections and reads what clients send but
 * answers nothing, like a server that hangs without closing its sockets.
 */
export interface PausableTcpProxy {
  /** The port clients connect to on 127.0.0.1. */
  readonly port: number;
  pause(): void;
  resume(): void;
  /** Closes the listener and every socket. */
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target`, or, without a target, a server that accepts and never answers.
 */
export async function startPausableTcpProxy(target?: {
  host: string;
  port: number;
}): Promise<PausableTcpProxy> {
  let paused = target === undefined;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  };
  const server: Server = createServer((client) => {
    track(client);
    if (target === undefined) return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    // While paused, bytes are read and dropped: the client sees a server that never answers.
    client.on('data', (chunk: Buffer) => paused || upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => paused || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP port');
  return {
    port: address.port,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
