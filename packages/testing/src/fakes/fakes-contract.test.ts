import {
  modeStoreContract,
  type OpenedSharedRowStore,
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

/**
 * A fake single-row store as both clients: the fake is one instance, shared as two processes
 * share one row.
 */
async function oneStoreForBoth<Store extends { close(): void }>(
  store: Store,
): Promise<OpenedSharedRowStore<Store>> {
  return {
    store,
    other: store,
    closeStore: async () => store.close(),
    cleanup: async () => {},
  };
}

modeStoreContract(vitest, 'FakeModeStore', () => oneStoreForBoth(new FakeModeStore()));

topologyStoreContract(vitest, 'FakeTopologyStore', () => oneStoreForBoth(new FakeTopologyStore()));
