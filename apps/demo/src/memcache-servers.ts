import { ValidationError } from '@cachetoggle/model';

const SERVER = /^(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<port>\d{1,5})$/;

/** Parses `MEMCACHE_SERVERS` (`host:port[,host:port...]`) into its `host:port` entries. */
export function parseMemcacheServers(value: string): string[] {
  const servers = value.split(',').map((s) => s.trim());
  for (const server of servers) {
    const port = Number(SERVER.exec(server)?.groups?.port);
    if (!(port >= 1 && port <= 65_535)) {
      throw new ValidationError(
        'MEMCACHE_SERVERS',
        'must be host:port[,host:port...] with ports from 1 to 65535',
      );
    }
  }
  return servers;
}
