import { ConflictError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { ada, createFixture } from './service-fixture';

describe('optimistic locking through the service', () => {
  it('N concurrent updates with one expectedVersion: exactly one succeeds', async () => {
    const { service } = createFixture({ people: [ada] });
    await service.get('ada');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => service.update('ada', { firstName: `W${i}` }, 1)),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((o) => o.reason instanceof ConflictError)).toBe(true);
    const winner = (won[0] as PromiseFulfilledResult<typeof ada>).value;
    expect(winner.version).toBe(2);
    expect((await service.get('ada')).person).toEqual(winner);
  });

  it('a delete with a stale version is refused and the cached value stays valid', async () => {
    const { service } = createFixture({ people: [ada] });
    await service.update('ada', { firstName: 'Augusta' });
    await expect(service.delete('ada', 1)).rejects.toMatchObject({ reason: 'version-mismatch' });
    await service.delete('ada', 2);
    await expect(service.get('ada')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
