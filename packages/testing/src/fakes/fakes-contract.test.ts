import { modeStoreContract, personCacheContract, personDbContract } from '../contracts';
import { FakeModeStore } from './fake-mode-store';
import { FakePersonCache } from './fake-person-cache';
import { FakePersonDb } from './fake-person-db';

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
