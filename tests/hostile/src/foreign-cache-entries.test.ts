import { decodeCacheEntry, NotFoundError, type Person } from '@cachetoggle/model';
import { FOREIGN_CACHE_VALUES, type ForeignCacheValue } from '@cachetoggle/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRealStack, type RealStack } from './real-stack';

let stack: RealStack;
let fresh = 0;

beforeAll(async () => {
  stack = await openRealStack('foreign');
});
afterAll(() => stack.close());

const cases = FOREIGN_CACHE_VALUES.map((v) => [v.label, v] as const);
const inAMinute = () => Date.now() + 60_000;

// A person in the database only (written through the DAO, so nothing is cached yet).
async function personInDb(): Promise<Person> {
  return stack.db.create({ id: `foreign-${++fresh}`, firstName: 'Ada', lastName: 'Lovelace' });
}

async function plant(id: string, value: ForeignCacheValue): Promise<void> {
  await stack.raw.set(stack.keys.key(id), value.bytes(id, inAMinute()));
}

// What memcached holds under the key of `id` now, as the codec reads it.
async function cached(id: string) {
  const raw = await stack.raw.get(stack.keys.key(id));
  return raw === null ? undefined : decodeCacheEntry(raw.toString('utf8'), id);
}

describe('a foreign value in memcached is a miss, replaced and counted', () => {
  it.for(cases)('%s, read with get', async ([, value]) => {
    const person = await personInDb();
    await plant(person.id, value);
    const before = stack.service.stats();
    expect(await stack.service.get(person.id)).toEqual({ person, source: 'db' });
    const after = stack.service.stats();
    expect(after.corruptEntries - before.corruptEntries).toBe(1);
    expect(after.cacheErrors).toBe(before.cacheErrors);
    expect(await cached(person.id)).toEqual({ kind: 'person', person });
    expect(await stack.service.get(person.id)).toEqual({ person, source: 'cache' });
  });

  it.for(cases)('%s, read with getMany', async ([, value]) => {
    const person = await personInDb();
    await plant(person.id, value);
    const before = stack.service.stats().corruptEntries;
    const read = await stack.service.getMany([person.id, 'nobody']);
    expect(read).toEqual({ people: [{ person, source: 'db' }], missing: ['nobody'] });
    expect(stack.service.stats().corruptEntries - before).toBe(1);
    expect(await cached(person.id)).toEqual({ kind: 'person', person });
  });

  it.for(cases)('%s, under the key of a person who does not exist', async ([, value]) => {
    const id = `nobody-${++fresh}`;
    await plant(id, value);
    const before = stack.service.stats().corruptEntries;
    await expect(stack.service.get(id)).rejects.toBeInstanceOf(NotFoundError);
    expect(stack.service.stats().corruptEntries - before).toBe(1);
    expect(await cached(id)).toEqual({ kind: 'tombstone' });
  });
});
