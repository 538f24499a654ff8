import { isPersonName, type Person } from '@cachetoggle/model';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRealStack, type RealStack } from './real-stack';

let stack: RealStack;
let run = 0;

beforeAll(async () => {
  stack = await openRealStack('round-trip');
});
afterAll(() => stack.close());

// Names the schema accepts, drawn from all of Unicode (the filter drops the rest).
const name = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.constantFrom(
      ' Ada ',
      "O'Brien",
      "'; DROP TABLE person; --",
      '\\',
      'e\u0301',
      '\u{1f600}'.repeat(100),
    ),
  )
  .filter(isPersonName);
const idSuffix = fc.stringMatching(/^[A-Za-z0-9_-]{0,56}$/);
const changes = fc
  .record({ firstName: name, lastName: name }, { requiredKeys: [] })
  .filter((c) => c.firstName !== undefined || c.lastName !== undefined);

// Byte for byte: the UTF-8 of every field, not only string equality.
function expectSameBytes(actual: Person, expected: Person): void {
  expect(Buffer.from(JSON.stringify(actual))).toEqual(Buffer.from(JSON.stringify(expected)));
}

// A first read fills from the DB, the second hits the cache, a DB-mode read bypasses it: each
// must give `expected` byte for byte.
async function expectReadsEverywhere(id: string, expected: Person): Promise<void> {
  for (const [source, options] of [
    ['db', {}],
    ['cache', {}],
    ['db', { useDb: true }],
  ] as const) {
    const read = await stack.service.get(id, options);
    expect(read.source).toBe(source);
    expectSameBytes(read.person, expected);
  }
}

describe('any person the schema accepts survives the whole path, byte for byte', () => {
  it('create, get (cache and DB mode), update, get', async () => {
    await fc.assert(
      fc.asyncProperty(
        idSuffix,
        name,
        name,
        changes,
        async (suffix, firstName, lastName, change) => {
          const { service } = stack;
          // A prefix of its own per run, so shrinking never meets an id it already created.
          const id = `p${++run}-${suffix}`.slice(0, 64);
          const created = await service.create({ id, firstName, lastName });
          expectSameBytes(created, { id, firstName, lastName, version: 1 });
          await expectReadsEverywhere(id, created);
          const updated = await service.update(id, change, 1);
          expectSameBytes(updated, { ...created, ...change, version: 2 });
          await expectReadsEverywhere(id, updated);
          const many = await service.getMany([id]);
          expectSameBytes(many.people[0]?.person as Person, updated);
        },
      ),
      { numRuns: 40 },
    );
  });
});
