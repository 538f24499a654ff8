import { personCacheContract, personDbContract } from '../contracts';
import { FakePersonCache } from './fake-person-cache';
import { FakePersonDb } from './fake-person-db';

personCacheContract('FakePersonCache', async () => {
  const cache = new FakePersonCache();
  return { cache, writeRaw: async (id, raw) => cache.plant(id, raw) };
});

personDbContract('FakePersonDb', async () => ({ db: new FakePersonDb() }));
