import { randomBytes } from 'node:crypto';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type { PersonManyRead, TopologyStatus } from '@cachetoggle/service';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedFleet, startMemcachedFleet } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceHostProcess } from './checker/service-host-process';

// A rolling change of the memcached server list, as a fleet lives it: a process started with
// the old list is serving when a process with the new list starts. The old process polls the
// topology row slowly here (1 s), so that many of its writes land before it switches: those are
// the writes whose deletes miss the key's new owner. The outbox followers are off: they would
// repair such misses too, and this file measures what the topology itself guarantees.
const POLL_MS = 1_000;
// The stated bound: a poll interval, plus a slow topology read and the re-invalidations.
const BOUND_MS = POLL_MS + 1_000;
const COUNT = 200;

let fleet: MemcachedFleet;
let database: TestDatabase;
let db: MysqlPersonDb;
let names: string[];
const hosts: ServiceHostProcess[] = [];

beforeAll(async () => {
  fleet = await startMemcachedFleet(3);
  names = fleet.servers.split(',');
  database = await createTestDatabase('ct_topology');
  db = await MysqlPersonDb.open({ url: database.url, poolSize: 8 });
  await db.migrate();
});

afterAll(async () => {
  await Promise.allSettled(hosts.map((host) => host.close()));
  for (const host of hosts) host.kill();
  await db?.close();
  await Promise.allSettled([database?.drop(), fleet?.stop()]);
});

async function host(
  servers: readonly string[],
  shared: boolean,
  namespace: string,
  service: { topologyPollIntervalMs: number; topologyTransitionMs?: number } = {
    topologyPollIntervalMs: POLL_MS,
  },
) {
  const started = await ServiceHostProcess.start({
    implementation: 'ours',
    databaseUrl: database.url,
    memcacheServers: servers.join(','),
    namespace,
    seed: hosts.length + 1,
    sharedTopology: shared,
    service: { ...service, outbox: false },
  });
  hosts.push(started);
  return started;
}

async function inChunks(ids: readonly string[], each: (id: string) => Promise<unknown>) {
  for (let i = 0; i < ids.length; i += 20) await Promise.all(ids.slice(i, i + 20).map(each));
}

/** The ids `reader` serves with another last name than the database holds. */
async function staleIds(reader: ServiceHostProcess, ids: readonly string[]): Promise<string[]> {
  const [read, truth] = await Promise.all([
    reader.call<PersonManyRead>('getMany', ids),
    db.getMany(ids),
  ]);
  const served = new Map(read.people.map(({ person }) => [person.id, person.lastName]));
  return ids.filter((id) => served.get(id) !== truth.get(id)?.lastName);
}

/**
 * One rolling change from `before` to `after`: the old process warms every key, the new one
 * starts and reads them (filling their new owners), the old one (not switched yet) updates
 * every key, the new one updates half of them; then, the bound after the last acknowledged
 * write, counts what either process still serves stale.
 */
async function rollingChange(before: string[], after: string[], shared: boolean) {
  const namespace = `ct-topo-${randomBytes(3).toString('hex')}`;
  const ids = Array.from({ length: COUNT }, (_, n) => `${namespace}-${n}`);
  await inChunks(ids, (id) => db.create({ id, firstName: 'Topo', lastName: 'v0' }));
  const old = await host(before, shared, namespace);
  await old.call('getMany', ids);
  const fresh = await host(after, shared, namespace);
  await fresh.call('getMany', ids);
  await inChunks(ids, (id) => old.call('update', id, { lastName: 'v1' }));
  await fresh.call('getMany', ids);
  await inChunks(
    ids.filter((_, n) => n % 2 === 0),
    (id) => fresh.call('update', id, { lastName: 'v2' }),
  );
  const acked = Date.now();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, acked + BOUND_MS - Date.now())));
  const stale = new Set([...(await staleIds(old, ids)), ...(await staleIds(fresh, ids))]);
  const placements = await Promise.all([
    old.call<string[]>('serverOf', ids),
    fresh.call<string[]>('serverOf', ids),
  ]);
  const disagree = ids.filter((_, n) => placements[0][n] !== placements[1][n]).length;
  await Promise.all([old.close(), fresh.close()]);
  return { stale: stale.size, disagree, old, fresh };
}

describe('changing the memcached server list under running processes', () => {
  const cases: [string, (n: string[]) => [string[], string[]]][] = [
    ['2 -> 3 servers', (n) => [n.slice(0, 2), n]],
    ['3 -> 2 servers', (n) => [n, n.slice(0, 2)]],
    ['the same 3 servers in another order', (n) => [n, [...n].reverse()]],
  ];

  for (const [name, lists] of cases) {
    it(`${name}: no process serves a stale value ${BOUND_MS} ms after an acknowledged write`, async () => {
      const [before, after] = lists(names);
      const ours = await rollingChange(before, after, true);
      const alone = await rollingChange(before, after, false);
      console.log(
        `${name}: stale after the bound: ${ours.stale}/${COUNT} with the shared topology, ` +
          `${alone.stale}/${COUNT} with each process on its own list ` +
          `(keys placed differently: ${ours.disagree} vs ${alone.disagree})`,
      );
      expect(ours.stale).toBe(0);
      expect(ours.disagree).toBe(0);
      // The same run without the shared row does serve stale values whenever keys move.
      if (alone.disagree > 0) expect(alone.stale).toBeGreaterThan(0);
    });
  }

  it('a server removed and added back serves nothing stored before it left', async () => {
    const namespace = `ct-topo-${randomBytes(3).toString('hex')}`;
    const ids = Array.from({ length: COUNT }, (_, n) => `${namespace}-${n}`);
    await inChunks(ids, (id) => db.create({ id, firstName: 'Topo', lastName: 'v0' }));
    // A short transition, so that the writes below come after it: they reach the two servers
    // left and nothing else.
    const quick = { topologyPollIntervalMs: 100, topologyTransitionMs: 400 };
    const three = await host(names, true, namespace, quick);
    await three.call('getMany', ids);
    const two = await host(names.slice(0, 2), true, namespace, quick);
    await expect
      .poll(async () => (await three.call<TopologyStatus>('topology')).servers?.length, {
        timeout: 5_000,
        interval: 50,
      })
      .toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2 * quick.topologyTransitionMs));
    // While the third server is out, every key is written: its entries are never invalidated.
    await inChunks(ids, (id) => two.call('update', id, { lastName: 'v1' }));
    await two.close();
    // Back to three: the first process proposes its list again at its next start.
    const again = await host(names, true, namespace, quick);
    await expect(again.call<TopologyStatus>('topology')).resolves.toMatchObject({
      servers: [...names].sort(),
      source: 'shared',
    });
    await expect
      .poll(async () => (await three.call<TopologyStatus>('topology')).servers?.length, {
        timeout: 5_000,
        interval: 50,
      })
      .toBe(3);
    expect(await staleIds(again, ids)).toStrictEqual([]);
    expect(await staleIds(three, ids)).toStrictEqual([]);
    await Promise.all([three.close(), again.close()]);
  });
});
