import { startMemcached } from '@cachetoggle/testing/memcached';
import { describe, expect, it } from 'vitest';
import { openRealStack } from './real-stack';

describe('a memcached that dies under the service', () => {
  it('turns no request into an error, and the hit ratio recovers when it returns', async () => {
    const memcached = await startMemcached();
    const stack = await openRealStack({
      servers: memcached.servers,
      breaker: { failureThreshold: 3, cooldownMs: 200 },
    });
    const { service } = stack;
    try {
      const people = await Promise.all(
        Array.from({ length: 20 }, (_, i) => service.create({ firstName: `P${i}`, lastName: 'X' })),
      );
      const first = people[0]?.id as string;
      const readAll = () => Promise.all(people.map((p) => service.get(p.id)));
      await readAll();
      expect((await readAll()).every((r) => r.source === 'cache')).toBe(true);

      await memcached.kill('SIGKILL');
      for (let round = 0; round < 5; round++) {
        const reads = await readAll();
        expect(reads.every((r) => r.source === 'db')).toBe(true);
      }
      const written = await service.update(first, {
        lastName: 'Written while the cache was down',
      });
      expect(service.stats().cacheErrors).toBeGreaterThan(0);
      expect(service.stats().breakerState).not.toBe('closed');

      await memcached.start();
      const recovered = new Promise<void>((resolve) => {
        const check = async () => {
          const reads = await readAll();
          if (reads.every((r) => r.source === 'cache')) resolve();
          else setTimeout(check, 50);
        };
        void check();
      });
      await recovered;
      expect(service.stats().breakerState).toBe('closed');
      expect((await service.get(first)).person).toEqual(written);
    } finally {
      await stack.close();
      await memcached.stop();
    }
  });
});
