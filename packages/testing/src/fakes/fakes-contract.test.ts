import { personCacheContract, personDbContract } from '../contracts';
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
