import { personCacheContract } from '@cachetoggle/contract-tests';
import * as vitest from 'vitest';
import { MapPersonCache } from './map-person-cache.js';

/** `add` as a read then a write: two callers can both see the key absent and both store. */
class CheckThenSetCache extends MapPersonCache {
  async add(id, entry, ttlMs) {
    if ((await this.getIdentifiable(id)).token !== undefined) return undefined;
    await this.set(id, entry, ttlMs);
    return (await this.getIdentifiable(id)).token;
  }
}

personCacheContract(vitest, 'CheckThenSetCache', async () => ({ cache: new CheckThenSetCache() }));
