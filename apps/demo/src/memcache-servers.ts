import { parseMemcacheServers as parseServerList } from '@cachetoggle/model';

/**
 * Parses `MEMCACHE_SERVERS` (`host:port[,host:port...]`) into its `host:port` entries, by the
 * model's one rule for server lists (the cache applies the same one).
 */
export function parseMemcacheServers(value: string): string[] {
  return parseServerList(value, 'MEMCACHE_SERVERS').map((server) => server.name);
}
