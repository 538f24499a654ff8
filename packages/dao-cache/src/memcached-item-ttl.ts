import { connect } from 'node:net';

/**
 * Test helper (not exported by the package): the seconds memcached will keep `key`, read with
 * the meta command `mg <key> t` on a connection of its own; -1 = never expires, `undefined` =
 * no such item.
 */
export function memcachedItemTtl(servers: string, key: string): Promise<number | undefined> {
  const [host = '127.0.0.1', port = '11211'] = (servers.split(',')[0] ?? '').split(':');
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port) });
    let answer = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('no answer to mg')));
    socket.on('error', reject);
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      if (!answer.endsWith('\r\n')) return;
      socket.destroy();
      if (answer.startsWith('EN')) return resolve(undefined);
      const ttl = /^HD t(-?\d+)\r\n$/.exec(answer)?.[1];
      if (ttl === undefined) reject(new Error(`unexpected mg answer ${JSON.stringify(answer)}`));
      else resolve(Number(ttl));
    });
    socket.write(`mg ${key} t\r\n`);
  });
}
