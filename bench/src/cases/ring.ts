import { CacheKeyScheme, MemcachePersonCache } from '@cachetoggle/dao-cache/memcache';
import memjs from 'memjs';
import type { BenchContext } from '../bench-context';
import { seededId } from '../environment';

const KEYS = 100_000;
const NAMESPACE = 'person';
/**
 * Server lists to place keys on, four servers each: nothing is ever sent to them. Ketama's
 * balance depends on the names (160 points per server), so the headline is the mean over
 * several naming styles, each shown on its own.
 */
const SERVER_LISTS: Readonly<Record<string, readonly string[]>> = {
  'loopback ports': [11211, 11212, 11213, 11214].map((port) => `127.0.0.1:${port}`),
  'private addresses': [1, 2, 3, 4].map((n) => `10.0.0.${n}:11211`),
  'host names': [1, 2, 3, 4].map((n) => `memcached-${n}:11211`),
  'qualified names': [1, 2, 3, 4].map((n) => `cache-${n}.internal:11211`),
};

/** Where each of `ids` lives with the first `count` servers of `servers`. */
type Placement = (servers: readonly string[], count: number, ids: readonly string[]) => string[];

/** cachetoggle's own placement: `serverOf` of a `MemcachePersonCache` over those servers. */
const cachetogglePlacement: Placement = (servers, count, ids) => {
  const cache = new MemcachePersonCache({
    servers: servers.slice(0, count).join(','),
    namespace: NAMESPACE,
  });
  try {
    return ids.map((id) => cache.serverOf(id));
  } finally {
    void cache.close();
  }
};

/** memjs' default, `hashCode(key) % n`, for contrast. */
const memjsPlacement: Placement = (servers, count, ids) => {
  const client = memjs.Client.create(servers.slice(0, count).join(','), { logger: { log() {} } });
  const keys = new CacheKeyScheme(NAMESPACE);
  const internals = client as unknown as { server(key: string): { host: string; port: number } };
  try {
    return ids.map((id) => {
      const server = internals.server(keys.key(id));
      return `${server.host}:${server.port}`;
    });
  } finally {
    client.close();
  }
};

/** The share of `ids` whose server differs between `from` and `to` servers of `servers`. */
function movedFraction(
  place: Placement,
  servers: readonly string[],
  ids: readonly string[],
  from: number,
  to: number,
): number {
  const before = place(servers, from, ids);
  const after = place(servers, to, ids);
  let moved = 0;
  for (let i = 0; i < ids.length; i++) if (before[i] !== after[i]) moved++;
  return moved / ids.length;
}

/** The largest share of `ids` that one of the 4 servers holds (1/4 is perfect balance). */
function largestShare(place: Placement, servers: readonly string[], ids: readonly string[]) {
  const perServer = new Map<string, number>();
  for (const server of place(servers, servers.length, ids)) {
    perServer.set(server, (perServer.get(server) ?? 0) + 1);
  }
  return Math.max(...perServer.values()) / ids.length;
}

/**
 * Placement: of 100,000 of cachetoggle's real keys (seeded ids under the default namespace,
 * through the cache's own key scheme), the share that moves to another server when a server
 * joins, with cachetoggle's ketama placement and with memjs' `hashCode % n` for contrast. A
 * moved key is a miss (and a DB read) the moment the server list changes.
 */
export async function runRingCase(ctx: BenchContext): Promise<void> {
  const ids = Array.from({ length: KEYS }, (_, i) => seededId(i));
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const rows: [string, string][] = [];
  let sum3to4 = 0;
  const lists = Object.entries(SERVER_LISTS);
  for (const [style, servers] of lists) {
    const moved3to4 = movedFraction(cachetogglePlacement, servers, ids, 3, 4);
    sum3to4 += moved3to4;
    rows.push(
      [
        `ketama, ${style}, 2 → 3 servers`,
        percent(movedFraction(cachetogglePlacement, servers, ids, 2, 3)),
      ],
      [`ketama, ${style}, 3 → 4 servers`, percent(moved3to4)],
      [
        `ketama, ${style}, largest share of one of 4`,
        percent(largestShare(cachetogglePlacement, servers, ids)),
      ],
    );
  }
  const loopback = SERVER_LISTS['loopback ports'] as readonly string[];
  rows.push(
    [
      'memjs `hashCode % n`, 2 → 3 servers',
      percent(movedFraction(memjsPlacement, loopback, ids, 2, 3)),
    ],
    [
      'memjs `hashCode % n`, 3 → 4 servers',
      percent(movedFraction(memjsPlacement, loopback, ids, 3, 4)),
    ],
    [
      'memjs `hashCode % n`, largest share of one of 4',
      percent(largestShare(memjsPlacement, loopback, ids)),
    ],
  );
  ctx.report.addFacts(
    'Placement: keys moved when a server joins',
    `${KEYS.toLocaleString('en-US')} keys \`${NAMESPACE}:p0000000\` … (cachetoggle's key scheme), on four naming styles of server list. Ideal: 1/3 of the keys move from 2 to 3 servers, 1/4 from 3 to 4; \`hashCode % n\` moves most of them. The ratio line is the mean of the 3 → 4 rows.`,
    rows,
  );
  ctx.report.addRatio('ring_moved_fraction_3to4', sum3to4 / lists.length);
}
