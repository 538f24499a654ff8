import type { PersonCache } from '@cachetoggle/model';

/**
 * The memcached server `cache` places `id` on (`cache.serverOf`). Throws when the cache names
 * no servers: every multi-server fault test depends on knowing where a key lives.
 */
export function serverOf(cache: PersonCache, id: string): string {
  if (cache.serverOf === undefined) {
    throw new TypeError('the cache does not name the server of a key (no serverOf)');
  }
  return cache.serverOf(id);
}

/**
 * `perServer` ids for each of `servers`, taken in order from the candidates
 * `<prefix>-0, <prefix>-1, …` by where `cache` places them, so a test's ids spread evenly over
 * the servers whatever the ring looks like this run. Throws when a server gets none of
 * 100 times as many candidates as needed (the cache does not spread keys over that server).
 */
export function idsPerServer(
  cache: PersonCache,
  servers: readonly string[],
  perServer: number,
  prefix: string,
): Map<string, string[]> {
  const byServer = new Map(servers.map((server) => [server, [] as string[]]));
  const wanted = servers.length * perServer;
  let taken = 0;
  for (let n = 0; taken < wanted; n++) {
    if (n >= wanted * 100) {
      const counts = [...byServer].map(([server, ids]) => `${server}: ${ids.length}`).join(', ');
      throw new Error(`the cache does not spread keys over every server (${counts})`);
    }
    const id = `${prefix}-${n}`;
    const server = serverOf(cache, id);
    const ids = byServer.get(server);
    if (ids === undefined) {
      throw new Error(`the cache placed ${id} on ${server}, not one of ${servers.join(', ')}`);
    }
    if (ids.length < perServer) {
      ids.push(id);
      taken++;
    }
  }
  return byServer;
}
