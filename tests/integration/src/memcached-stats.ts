import { connect } from 'node:net';

/** memcached's general statistics (`stats`), as the server reports them. */
export type MemcachedStats = Readonly<Record<string, string>>;

/** Asks the memcached at `host:port` for its `stats` over a connection of its own. */
export function readMemcachedStats(server: string, timeoutMs = 2000): Promise<MemcachedStats> {
  const [host, port] = server.split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no stats from ${server}`)));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write('stats\r\n'));
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (!text.endsWith('END\r\n')) return;
      socket.end();
      const stats: Record<string, string> = {};
      for (const line of text.split('\r\n')) {
        const [tag, name, value] = line.split(' ');
        if (tag === 'STAT' && name !== undefined && value !== undefined) stats[name] = value;
      }
      resolve(stats);
    });
    socket.on('error', reject);
  });
}
