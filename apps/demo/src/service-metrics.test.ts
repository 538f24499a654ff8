import { CacheAsidePersonService } from '@cachetoggle/service';
import { ChaosPersonCache, FakePersonCache, FakePersonDb } from '@cachetoggle/testing/fakes';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMetricsRegistry } from './service-metrics';

const people = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
  id,
  firstName: 'F',
  lastName: 'L',
  version: 1,
}));

describe('service metrics', () => {
  it('label the breaker state and the pending invalidations with the cache server', async () => {
    const cache = new ChaosPersonCache(new FakePersonCache({ servers: ['s1', 's2'] }));
    const service = new CacheAsidePersonService({
      db: new FakePersonDb(people),
      cache,
      breaker: { failureThreshold: 1 },
      invalidationRetry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    onTestFinished(() => service.close());
    const onS1 = people.filter((p) => cache.serverOf?.(p.id) === 's1');
    const onS2 = people.find((p) => cache.serverOf?.(p.id) === 's2');
    await service.get(onS2?.id as string);
    cache.fail({ servers: ['s1'] });
    for (const person of onS1) await service.update(person.id, { firstName: 'G' });
    const text = await createMetricsRegistry(service).metrics();
    expect(text).toContain('cachetoggle_breaker_state{server="s1",state="open"} 1');
    expect(text).toContain('cachetoggle_breaker_state{server="s1",state="closed"} 0');
    expect(text).toContain('cachetoggle_breaker_state{server="s2",state="closed"} 1');
    expect(text).toContain(`cachetoggle_pending_invalidations{server="s1"} ${onS1.length}`);
    expect(text).toContain('cachetoggle_pending_invalidations{server="s2"} 0');
    expect(text).toContain('\ncachetoggle_cache_refreshes_total 0\n');
  });
});
