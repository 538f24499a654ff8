import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetaMultiGetClient } from './meta-multiget-client';

let memcached: MemcachedProcess;
let client: MetaMultiGetClient;

beforeAll(async () => {
  memcached = await startMemcached();
  client = await MetaMultiGetClient.connect(memcached.servers);
});
afterAll(async () => {
  client.close();
  await memcached.stop();
});

describe('MetaMultiGetClient', () => {
  it('returns exactly the stored keys of a batch, with their values, in one round trip', async () => {
    const stored = Array.from({ length: 60 }, (_, i) => [`mm:${i}`, `{"n":${i},"s":"é\\r\\n"}`]);
    await Promise.all(stored.map(([key, value]) => client.set(key as string, value as string, 60)));
    const keys = Array.from({ length: 100 }, (_, i) => `mm:${i}`);
    const found = await client.getMany(keys);
    expect(found).toEqual(new Map(stored as [string, string][]));
  });

  it('keeps concurrent batches apart, including values larger than one socket read', async () => {
    const big = 'x'.repeat(200_000);
    await client.set('mm:big', big, 60);
    const [a, b, c] = await Promise.all([
      client.getMany(['mm:1', 'mm:big']),
      client.getMany(['mm:absent']),
      client.getMany(['mm:2']),
    ]);
    expect(a.get('mm:big')).toBe(big);
    expect(a.get('mm:1')).toBe('{"n":1,"s":"é\\r\\n"}');
    expect(b.size).toBe(0);
    expect([...c.keys()]).toEqual(['mm:2']);
  });

  it('rejects a store memcached refuses, and goes on answering', async () => {
    await expect(client.set('mm:huge', 'x'.repeat(2 * 2 ** 20), 60)).rejects.toThrow(
      /ms mm:huge: SERVER_ERROR/,
    );
    expect((await client.getMany(['mm:3'])).get('mm:3')).toBe('{"n":3,"s":"é\\r\\n"}');
  });
});
