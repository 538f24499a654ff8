import { ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { ada, createFixture } from './service-fixture';

const tooLarge = () => new ValidationError('entry', 'is larger than the cache accepts');

describe('a value the cache refuses as invalid (too large to cache)', () => {
  it('is served from the DB, is not a cache error, and gives its lease back', async () => {
    const { service, cache, fakeCache } = createFixture({ people: [ada] });
    cache.fail({ methods: ['putIfUntouched'], error: tooLarge });
    for (let i = 0; i < 10; i++) {
      expect(await service.get('ada')).toEqual({ person: ada, source: 'db' });
      expect((await fakeCache.get('ada')).kind).toBe('miss');
    }
    const stats = service.stats();
    expect(stats.cacheErrors).toBe(0);
    expect(stats.leaseWaits).toBe(0);
    expect(stats.breakerState).toBe('closed');
  });

  it('does not open the circuit when a whole batch of them is refused', async () => {
    const people = Array.from({ length: 12 }, (_, i) => ({ ...ada, id: `big-${i}` }));
    const { service, cache } = createFixture({ people, breaker: { failureThreshold: 5 } });
    cache.fail({ methods: ['putIfUntouched'], error: tooLarge });
    const read = await service.getMany(people.map((p) => p.id));
    expect(read.people).toHaveLength(12);
    expect(service.stats()).toMatchObject({ cacheErrors: 0, breakerState: 'closed' });
  });
});
