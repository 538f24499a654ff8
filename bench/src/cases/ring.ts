import { CacheKeyScheme, MemcachePersonCache } from '@cachetoggle/dao-cache';
import type { PersonCache } from '@cachetoggle/model';
import memjs from 'memjs';
import type { BenchContext } from '../bench-context';
import { seededId } from '../environment';

const KEYS = 100_000;
const NAMESPACE = 'person';
/** Server names only: nothing is ever sent to them, so nothing needs to listen there. */
const SERVERS = [
  'memcached-1:11211',
  'memcached-2:11211',
  'memcached-3:11211',
  'memcached-4:11211',
];

/** Where each of `ids` lives with the first `count` servers of `SERVERS`. */
type Placement = (count: number, ids: readonly string[]) => Promise<string[]>;

/** cachetoggle's own placement: `serverOf` of a `MemcachePersonCache` over those servers. */
const cachetogglePlacement: Placement = async (count, ids) => {
  const cache: PersonCache = new MemcachePersonCache({
    servers: SERVERS.slice(0, count).join(','),
    namespace: NAMESPACE,
  });
  try {
    const serverOf = cache.serverOf?.bind(cache);
    return serverOf ? ids.map(serverOf) : memjsPlacement(count, ids);
  } finally {
    await cache.close();
  }
};

/** memjs' default: `hashCode(key) % n` (also where a dao-cache without `serverOf` puts keys). */
const memjsPlacement: Placement = async (count, ids) => {
  const client = memjs.Client.create(SERVERS.slice(0, count).join(','), { logger: { log() {} } });
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

/** The share of `ids` whose server differs between `from` and `to` servers. */
async function movedFraction(place: Placement, ids: readonly string[], from: number, to: number) {
  const before = await place(from, ids);
  const after = await place(to, ids);
  let moved = 0;
  for (let i = 0; i < ids.length; i++) if (before[i] !== after[i]) moved++;
  return moved / ids.length;
}

/** The largest share of `ids` that one of `count` servers holds (1/count is perfect balance). */
async function largestShare(place: Placement, ids: readonly string[], count: number) {
  const perServer = new Map<string, number>();
  for (const server of await place(count, ids)) {
    perServer.set(server, (perServer.get(server) ?? 0) + 1);
  }
  return Math.max(...perServer.values()) / ids.length;
}

/**
 * Placement: of 100,000 of cachetoggle's real keys (seeded ids under the default namespace,
 * through the cache's own key scheme), the share that moves to another server when a server
 * joins, with cachetoggle's placement and with memjs' `hashCode % n` for contrast. A moved key
 * is a miss (and a DB read) the moment the server list changes.
 */
export async function runRingCase(ctx: BenchContext): Promise<void> {
  const ids = Array.from({ length: KEYS }, (_, i) => seededId(i));
  const ours =
    'serverOf' in MemcachePersonCache.prototype
      ? 'cachetoggle (`serverOf`)'
      : 'cachetoggle (memjs placement)';
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const ring3to4 = await movedFraction(cachetogglePlacement, ids, 3, 4);
  ctx.report.addFacts(
    'Placement: keys moved when a server joins',
    `${KEYS.toLocaleString('en-US')} keys \`${NAMESPACE}:p0000000\` … (cachetoggle's key scheme). Ideal: 1/3 of the keys move from 2 to 3 servers, 1/4 from 3 to 4; \`hashCode % n\` moves most of them.`,
    [
      [`${ours}, 2 → 3 servers`, percent(await movedFraction(cachetogglePlacement, ids, 2, 3))],
      [`${ours}, 3 → 4 servers`, percent(ring3to4)],
      [
        `${ours}, largest share of one of 4 servers`,
        percent(await largestShare(cachetogglePlacement, ids, 4)),
      ],
      [
        'memjs `hashCode % n`, 2 → 3 servers',
        percent(await movedFraction(memjsPlacement, ids, 2, 3)),
      ],
      [
        'memjs `hashCode % n`, 3 → 4 servers',
        percent(await movedFraction(memjsPlacement, ids, 3, 4)),
      ],
      [
        'memjs `hashCode % n`, largest share of one of 4 servers',
        percent(await largestShare(memjsPlacement, ids, 4)),
      ],
    ],
  );
  ctx.report.addRatio('ring_moved_fraction_3to4', ring3to4);
}
