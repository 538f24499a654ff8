import type { CacheTopology } from '@cachetoggle/model';
import { FakePersonCache, FakePersonDb, FakeTopologyStore } from '@cachetoggle/testing/fakes';
import { describe, expect, it } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';
import { ada } from './service-fixture';

/** A fake cache that names servers and records the topologies and deletes it is handed. */
class PlacedCache extends FakePersonCache {
  readonly used: { generation: number; at: number }[] = [];
  readonly deletes: { id: string; at: number }[] = [];
  #servers: readonly string[];
  #order = 0;

  constructor(servers: readonly string[]) {
    super();
    this.#servers = servers;
  }

  servers(): readonly string[] {
    return this.#servers;
  }

  async useTopology(topology: CacheTopology): Promise<void> {
    this.#servers = topology.servers;
    this.used.push({ generation: topology.generation, at: this.#order++ });
  }

  override async delete(id: string): Promise<void> {
    this.deletes.push({ id, at: this.#order++ });
    return super.delete(id);
  }
}

function process(store: FakeTopologyStore, db: FakePersonDb, servers: string[]) {
  const cache = new PlacedCache(servers);
  const service = new CacheAsidePersonService({
    db,
    cache,
    topologyStore: store,
    topologyPollIntervalMs: 10,
  });
  return { cache, service };
}

describe('the cache topology shared by a fleet', () => {
  it('a process proposes its list at start; one started later with another list moves the fleet', async () => {
    const store = new FakeTopologyStore();
    const db = new FakePersonDb([ada]);
    const a = process(store, db, ['s1:11211', 's2:11211']);
    await expect(a.service.refreshTopology()).resolves.toMatchObject({
      generation: 1,
      source: 'shared',
    });
    const b = process(store, db, ['s3:11211', 's1:11211', 's2:11211']);
    await expect(b.service.refreshTopology()).resolves.toMatchObject({ generation: 2 });
    await expect
      .poll(() => a.service.topology().generation, { timeout: 1000, interval: 5 })
      .toBe(2);
    expect(a.cache.servers()).toStrictEqual(['s1:11211', 's2:11211', 's3:11211']);
    expect(a.service.topology().servers).toStrictEqual(b.service.topology().servers);
    await Promise.all([a.service.close(), b.service.close()]);
  });

  it('after a switch, the ids invalidated just before it are invalidated again', async () => {
    const store = new FakeTopologyStore();
    const db = new FakePersonDb([ada]);
    const a = process(store, db, ['s1:11211']);
    await a.service.refreshTopology();
    await a.service.update('ada', { lastName: 'King' });
    const before = a.cache.deletes.length;
    await store.propose(['s1:11211', 's2:11211']);
    await expect
      .poll(() => a.service.topology().generation, { timeout: 1000, interval: 5 })
      .toBe(2);
    await expect
      .poll(() => a.cache.deletes.length, { timeout: 1000, interval: 5 })
      .toBe(before + 1);
    const switched = a.cache.used.find((use) => use.generation === 2);
    expect(a.cache.deletes.at(-1)).toMatchObject({ id: 'ada' });
    expect((a.cache.deletes.at(-1)?.at ?? -1) > (switched?.at ?? 0)).toBe(true);
    await a.service.close();
  });

  it('a store that cannot be read keeps the last known topology and says so', async () => {
    const store = new FakeTopologyStore();
    const db = new FakePersonDb([ada]);
    const a = process(store, db, ['s1:11211']);
    await a.service.refreshTopology();
    store.close();
    await expect(a.service.refreshTopology()).resolves.toMatchObject({
      generation: 1,
      source: 'last-known',
      unreadableSince: expect.any(Number),
    });
    expect(a.cache.servers()).toStrictEqual(['s1:11211']);
    await a.service.close();
  });

  it('a transition shorter than 4 poll intervals is refused', () => {
    expect(
      () =>
        new CacheAsidePersonService({
          db: new FakePersonDb(),
          cache: new FakePersonCache(),
          topologyStore: new FakeTopologyStore(),
          topologyPollIntervalMs: 100,
          topologyTransitionMs: 399,
        }),
    ).toThrow(expect.objectContaining({ field: 'topologyTransitionMs' }));
  });
});
