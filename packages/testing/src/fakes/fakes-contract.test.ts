import {
  modeStoreContract,
  personCacheContract,
  personDbContract,
  topologyStoreContract,
} from '../contracts';
import { FakeModeStore } from './fake-mode-store';
import { FakePersonCache } from './fake-person-cache';
import { FakePersonDb } from './fake-person-db';
import { FakeTopologyStore } from './fake-topology-store';

personCacheContract('FakePersonCache', async () => {
  const cache = new FakePersonCache();
  return { cache, writeRaw: async (id, raw) => cache.plant(id, raw) };
});

personCacheContract(
  'FakePersonCache (read-or-lease, three servers)',
  async () => {
    const cache = new FakePersonCache({ readOrLease: true, servers: ['s1', 's2', 's3'] });
    return { cache, writeRaw: async (id, raw) => cache.plant(id, raw) };
  },
  { readOrLease: true },
);

personDbContract('FakePersonDb', async () => ({ db: new FakePersonDb() }));

modeStoreContract('FakeModeStore', async () => {
  const store = new FakeModeStore();
  return {
    store,
    other: store,
    closeStore: async () => store.close(),
    cleanup: async () => {},
  };
});

topologyStoreContract('FakeTopologyStore', async () => {
  const store = new FakeTopologyStore();
  // The fake is one instance shared by both clients, as two processes share one row.
  return {
    store,
    other: store,
    closeStore: async () => store.close(),
    cleanup: async () => {},
  };
});
