import { type CacheEntry, type CacheTopology, ValidationError } from '@cachetoggle/model';
import { type MemcachedFleet, startMemcachedFleet } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemcachePersonCache } from './memcache-person-cache';

const TTL = 60_000;
const IDS = Array.from({ length: 200 }, (_, i) => `topo-${i}`);
const entry = (id: string, lastName: string): CacheEntry => ({
  kind: 'person',
  person: { id, firstName: 'Ada', lastName, version: 1 },
});

let fleet: MemcachedFleet;
let names: string[];

beforeAll(async () => {
  fleet = await startMemcachedFleet(3);
  names = fleet.servers.split(',');
});
afterAll(() => fleet.stop());

function topology(
  generation: number,
  servers: string[],
  epoch: number,
  previous?: { servers: string[]; epoch: number },
): CacheTopology {
  return { generation, servers: [...servers].sort(), epoch, previous, changedAt: Date.now() };
}

function open(servers: readonly string[], namespace: string): MemcachePersonCache {
  return new MemcachePersonCache({ servers: servers.join(','), namespace });
}

describe('MemcachePersonCache.useTopology', () => {
  it('two caches configured with different lists place every key alike once on one topology', async () => {
    const [a, b, c] = names as [string, string, string];
    const first = open([a, b], 'agree');
    const second = open([c, b, a], 'agree');
    try {
      expect(IDS.some((id) => first.serverOf(id) !== second.serverOf(id))).toBe(true);
      const shared = topology(1, [a, b, c], 1);
      await Promise.all([first.useTopology(shared, 0), second.useTopology(shared, 0)]);
      for (const id of IDS) expect(first.serverOf(id)).toBe(second.serverOf(id));
      expect(first.servers()).toStrictEqual([...names].sort());
      await first.set('agree-1', entry('agree-1', 'One'), TTL);
      await expect(second.get('agree-1')).resolves.toStrictEqual(entry('agree-1', 'One'));
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('during the transition a delete reaches the old owner too; reads go to the new one', async () => {
    const [a, b] = names as [string, string];
    const old = open([a, b], 'moving');
    const moved = open([a, b], 'moving');
    try {
      const before = topology(1, [a, b], 1);
      const after = topology(2, [a], 1, { servers: [a, b], epoch: 1 });
      await Promise.all([old.useTopology(before, 0), moved.useTopology(before, 0)]);
      const onB = IDS.filter((id) => old.serverOf(id) === b).slice(0, 20);
      expect(onB.length).toBe(20);
      for (const id of onB) await old.set(id, entry(id, 'Old'), TTL);
      await moved.useTopology(after, 60_000);
      for (const id of onB) {
        expect(moved.serverOf(id)).toBe(a);
        await expect(moved.get(id)).resolves.toMatchObject({ kind: 'miss' });
        await moved.set(id, entry(id, 'New'), TTL);
        await moved.delete(id);
      }
      // The process still on generation 1 finds the key gone on the old owner as well.
      for (const id of onB) await expect(old.get(id)).resolves.toMatchObject({ kind: 'miss' });
    } finally {
      await Promise.all([old.close(), moved.close()]);
    }
  });

  it('after a server comes back, nothing stored before it left is readable (key epoch)', async () => {
    const [a, b] = names as [string, string];
    const cache = open([a, b], 'back');
    try {
      await cache.useTopology(topology(1, [a, b], 1), 0);
      for (const id of IDS) await cache.set(id, entry(id, 'Before'), TTL);
      await cache.useTopology(topology(2, [a], 1, { servers: [a, b], epoch: 1 }), 0);
      await cache.useTopology(topology(3, [a, b], 3, { servers: [a], epoch: 1 }), 0);
      const reads = await cache.getMany(IDS);
      expect([...reads.values()].every((read) => read.kind === 'miss')).toBe(true);
      await cache.set(IDS[0] as string, entry(IDS[0] as string, 'After'), TTL);
      await expect(cache.get(IDS[0] as string)).resolves.toStrictEqual(
        entry(IDS[0] as string, 'After'),
      );
    } finally {
      await cache.close();
    }
  });

  it('the same generation again changes nothing; bad topologies are ValidationErrors', async () => {
    const [a, b] = names as [string, string];
    const cache = open([a, b], 'same');
    try {
      await cache.useTopology(topology(1, [a], 1), 0);
      await cache.useTopology(topology(1, [a, b], 1), 0);
      expect(cache.servers()).toStrictEqual([a]);
      await expect(cache.useTopology(topology(2, ['bad host'], 2), 0)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(cache.useTopology(topology(2, [a], 1), -1)).rejects.toMatchObject({
        field: 'transitionMs',
      });
      expect(cache.servers()).toStrictEqual([a]);
    } finally {
      await cache.close();
    }
  });
});
