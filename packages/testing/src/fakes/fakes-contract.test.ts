import {
  modeStoreContract,
  personCacheContract,
  personDbContract,
  topologyStoreContract,
} from '@cachetoggle/contract-tests';
import * as vitest from 'vitest';
import { FakeModeStore } from './fake-mode-store';
import { FakePersonCache } from './fake-person-cache';
import { FakePersonDb } from './fake-person-db';
import { FakeTopologyStore } from './fake-topology-store';

personCacheContract(vitest, 'FakePersonCache', async () => {
  const cache = new FakePersonCache();
  return { cache, writeRaw: async (id, raw) => cache.plant(id, raw) };
});

personCacheContract(
  vitest,
  'FakePersonCache (read-or-lease, three servers)',
  async () => {
    const cache = new FakePersonCache({ readOrLease: true, servers: ['s1', 's2', 's3'] });
    return { cache, writeRaw: async (id, raw) => cache.plant(id, raw) };
  },
  { readOrLease: true },
);

personDbContract(vitest, 'FakePersonDb', async () => ({ db: new FakePersonDb() }), {
  outbox: true,
});

// A store that counts whole seconds, as memcached does: an entry past its own expiry reads as a
// miss but still blocks an `add` until its second is over, which the suite waits out when told.
personCacheContract(
  vitest,
  'FakePersonCache (a store counting whole seconds)',
  async () => ({ cache: new FakePersonCache({ storeExpiryGranularityMs: 1000 }) }),
  { ttlGranularityMs: 1000 },
);

modeStoreContract(vitest, 'FakeModeStore', async () => {
  const store = new FakeModeStore();
  return {
    store,
    other: store,
    closeStore: async () => store.close(),
    cleanup: async () => {},
  };
});

topologyStoreContract(vitest, 'FakeTopologyStore', async () => {
  const store = new FakeTopologyStore();
  // The fake is one instance shared by both clients, as two processes share one row.
  return {
    store,
    other: store,
    closeStore: async () => store.close(),
    cleanup: async () => {},
  };
});
