import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does with traffic:
 * - `pass`: forwards both ways.
 * - `refuse`: not listening (clients get ECONNREFUSED); open connections are cut.
 * - `hang`: accepts connections but forwards nothing either way, like a server that stopped
 *   answering; leaving `hang` cuts the connections that were held.
 */
export type ProxyMode = 'pass' | 'refuse' | 'hang';

/** A TCP proxy in front of one server, under the test's control. */
export interface TcpProxy {
  /** The port clients connect to (kept across `refuse`). */
  readonly port: number;
  readonly mode: ProxyMode;
  /** Client connections currently open through the proxy. */
  readonly openConnections: number;
  /** Client connections accepted since start. */
  readonly acceptedConnections: number;
  /** Switches the mode; resolves once the listener matches it. */
  setMode(mode: ProxyMode): Promise<void>;
  /** Destroys every open connection (a network cut mid-request). */
  cutAll(): void;
  /** Stops listening and cuts every connection. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream: Socket | undefined;
}

/**
 * Starts a proxy on a free local port (or `listenPort`) in front of `target`. Only the
 * connections made through it are affected, so a test can make a shared server look down,
 * hung or flaky without touching the server itself.
 */
export async function startTcpProxy(options: {
  target: { host: string; port: number };
  listenPort?: number;
}): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';
  let accepted = 0;
  let server: Server | undefined;

  const destroy = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  const forward = (pair: Pair) => {
    const upstream = connect(options.target);
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  };

  const onConnection = (client: Socket) => {
    accepted++;
    const pair: Pair = { client, upstream: undefined };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    if (mode === 'pass') forward(pair);
    else client.resume(); // hang: read and drop, answer nothing
  };

  const listen = async (port: number) => {
    const created = createServer(onConnection);
    created.listen(port, '127.0.0.1');
    await once(created, 'listening');
    server = created;
    const address = created.address();
    if (address === null || typeof address === 'string') throw new Error('no port assigned');
    return address.port;
  };

  const stopListening = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    const closed = once(current, 'close');
    current.close();
    cutAll();
    await closed;
  };

  const cutAll = () => {
    for (const pair of [...pairs]) destroy(pair);
  };

  const port = await listen(options.listenPort ?? 0);

  return {
    port,
    get mode() {
      return mode;
    },
    get openConnections() {
      return pairs.size;
    },
    get acceptedConnections() {
      return accepted;
    },
    async setMode(next: ProxyMode) {
      const previous = mode;
      mode = next;
      if (next === previous) return;
      if (next === 'refuse') {
        await stopListening();
        return;
      }
      if (previous === 'hang') cutAll();
      if (next === 'hang') {
        for (const pair of pairs) {
          pair.client.unpipe();
          pair.upstream?.unpipe();
          pair.client.resume();
          pair.upstream?.resume();
        }
      }
      if (!server) await listen(port);
    },
    cutAll,
    async close() {
      mode = 'refuse';
      await stopListening();
    },
  };
}
