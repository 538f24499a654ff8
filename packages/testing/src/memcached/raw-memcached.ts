import { connect } from 'node:net';

/**
 * One request to the first server of `servers` on a connection of its own, independent of the
 * client under test. Resolves with the whole answer (latin1) once it ends with a line matching
 * `last`.
 */
export function rawMemcached(
  servers: string,
  request: string | Buffer,
  last: RegExp = /\r\n$/,
): Promise<string> {
  const [host = '127.0.0.1', port = '11211'] = (servers.split(',')[0] ?? '').split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port) });
    let answer = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('memcached did not answer')));
    socket.on('error', reject);
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      if (!last.test(answer)) return;
      socket.destroy();
      resolve(answer);
    });
    socket.write(request);
  });
}

/** memcached's own counters (`stats`), by name. */
export async function memcachedStats(servers: string): Promise<Map<string, number>> {
  const answer = await rawMemcached(servers, 'stats\r\n', /END\r\n$/);
  const stats = new Map<string, number>();
  for (const [, name, value] of answer.matchAll(/^STAT (\S+) (\S+)\r$/gm)) {
    stats.set(name as string, Number(value));
  }
  return stats;
}
