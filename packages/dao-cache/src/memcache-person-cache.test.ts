import { personCacheContract } from '@cachetoggle/testing/contracts';
import memjs from 'memjs';
import { inject } from 'vitest';
import { CacheKeyScheme } from './key-scheme';
import { MemcachePersonCache } from './memcache-person-cache';

personCacheContract('MemcachePersonCache on memcached', async () => {
  const servers = inject('memcacheServers');
  const namespace = inject('memcacheNamespace');
  const raw = memjs.Client.create(servers, { logger: { log: () => {} } });
  const keys = new CacheKeyScheme(namespace);
  return {
    cache: new MemcachePersonCache({ servers, namespace }),
    writeRaw: async (id, value) => {
      await raw.set(keys.key(id), Buffer.from(value), { expires: 60 });
    },
    cleanup: async () => raw.close(),
  };
});
