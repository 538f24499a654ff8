import { type CacheEntry, type PersonCache, ValidationError } from '@cachetoggle/model';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { KeyvPersonCache } from './keyv-person-cache';
import { MemcachePersonCache } from './memcache-person-cache';

// Both caches share the key scheme and the value rules, so they refuse the same arguments.

const lease = (owner: string): CacheEntry => ({ kind: 'lease', owner });
const MINUTE = 60_000;
const UNREPRESENTABLE_IDS = ['', '\uD800', 'a\uDC00', 'x'.repeat(300), '漢'.repeat(100)];
const BAD_TOKENS: unknown[] = [0n, -1n, 2n ** 128n, 1, '1', undefined];
const caches: [string, () => PersonCache][] = [
  ['KeyvPersonCache', () => new KeyvPersonCache()],
  [
    'MemcachePersonCache',
    () =>
      new MemcachePersonCache({
        servers: inject('memcacheServers'),
        namespace: inject('memcacheNamespace'),
      }),
  ],
];

describe.each(caches)('%s refuses what it cannot store', (_, create) => {
  const cache = create();
  let counter = 0;
  const freshId = () => `args-${Date.now().toString(36)}-${++counter}`;

  afterAll(() => cache.close());

  it('ids without a key reject with ValidationError in every method; the cache still answers', async () => {
    const kept = freshId();
    await cache.set(kept, lease('kept'), MINUTE);
    for (const id of UNREPRESENTABLE_IDS) {
      const calls = [
        cache.get(id),
        cache.getMany([kept, id]),
        cache.getIdentifiable(id),
        cache.set(id, { kind: 'tombstone' }, MINUTE),
        cache.add(id, lease('x'), MINUTE),
        cache.putIfUntouched(id, lease('x'), 1n, MINUTE),
        cache.delete(id),
      ];
      for (const call of calls) await expect(call).rejects.toBeInstanceOf(ValidationError);
    }
    expect(await cache.get(kept)).toEqual(lease('kept'));
  });

  it('a value over the size limit rejects in set, add and putIfUntouched and changes nothing', async () => {
    const id = freshId();
    await cache.set(id, lease('small'), MINUTE);
    const { token } = await cache.getIdentifiable(id);
    const huge = lease('x'.repeat(1024 * 1024));
    await expect(cache.set(id, huge, MINUTE)).rejects.toBeInstanceOf(ValidationError);
    await expect(cache.add(freshId(), huge, MINUTE)).rejects.toBeInstanceOf(ValidationError);
    await expect(cache.putIfUntouched(id, huge, token as bigint, MINUTE)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await cache.getIdentifiable(id)).toEqual({ read: lease('small'), token });
  });

  it('a token that no read can have produced rejects with ValidationError', async () => {
    const id = freshId();
    await cache.set(id, lease('kept'), MINUTE);
    for (const token of BAD_TOKENS) {
      await expect(cache.putIfUntouched(id, lease('x'), token as bigint, MINUTE)).rejects.toThrow(
        expect.objectContaining({ field: 'token' }),
      );
    }
    expect(await cache.get(id)).toEqual(lease('kept'));
  });

  it('entries that would read back as corrupt are refused: another id, no owner, no kind', async () => {
    const id = freshId();
    const other: CacheEntry = {
      kind: 'person',
      person: { id: 'someone-else', firstName: 'A', lastName: 'B', version: 1 },
    };
    const refused = [other, lease(''), { kind: 'nonsense' }, null] as CacheEntry[];
    for (const entry of refused) {
      await expect(cache.set(id, entry, MINUTE)).rejects.toThrow(
        expect.objectContaining({ field: 'entry' }),
      );
    }
    expect(await cache.get(id)).toEqual({ kind: 'miss' });
  });

  it('getMany of something other than an array rejects with ValidationError', async () => {
    await expect(cache.getMany('abc' as unknown as string[])).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
