import {
  type CacheEntry,
  decodeCacheEntry,
  encodeCacheEntry,
  MAX_VERSION,
  parsePerson,
} from '@cachetoggle/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ID = 'ada';
const NOW = 1_700_000_000_000;

// Values a foreign writer may put where a field belongs, valid ones included.
const anyField = fc.oneof(
  fc.constantFrom(
    ID,
    'Ada',
    'Lovelace',
    1,
    MAX_VERSION,
    '',
    '   ',
    'a\u0000',
    '\ud800',
    'x'.repeat(101),
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
);

// A JSON object with the person's keys, some of them, or more, in any order.
const personLikeJson = fc
  .record(
    { id: anyField, firstName: anyField, lastName: anyField, version: anyField, admin: anyField },
    { requiredKeys: [] },
  )
  .chain((fields) => fc.shuffledSubarray(Object.entries(fields)).map((e) => Object.fromEntries(e)))
  .chain((person) =>
    fc.constantFrom(
      JSON.stringify(person),
      JSON.stringify(person, null, 1),
      JSON.stringify(person).replace(
        /"(\w)/g,
        (_, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`,
      ),
    ),
  );

const expiryText = fc.oneof(
  fc.integer({ min: NOW + 1, max: NOW + 10 ** 9 }).map(String),
  fc.constantFrom(
    '0',
    '00',
    `0${NOW + 5}`,
    '9999999999999999',
    '99999999999999999',
    '',
    '1e15',
    '-1',
  ),
);

// Values shaped like ours (header, kind, expiry, body) with anything in each part.
const oursOrAlmost = fc
  .tuple(
    fc.constantFrom('ct1:', 'ct0:', 'CT1:', 'ct1'),
    fc.constantFrom('P', 'T', 'L', 'X', 'p', ''),
    expiryText,
    fc.option(fc.oneof(personLikeJson, fc.string({ unit: 'binary' }), fc.json()), {
      nil: undefined,
    }),
  )
  .map(
    ([head, kind, expiry, body]) =>
      `${head}${kind}:${expiry}${body === undefined ? '' : `:${body}`}`,
  );

const anyValue = fc.oneof(oursOrAlmost, fc.string({ unit: 'binary' }), fc.json());

/** The expiry a value of ours carries (`ct1:K:<expiry>[:body]`). */
function expiryOf(raw: string): number {
  return Number(raw.slice(6).split(':', 1)[0]);
}

describe('cache codec: it rejects what it did not write', () => {
  it('any value it decodes to an entry is byte for byte what it writes for that entry', () => {
    fc.assert(
      fc.property(anyValue, (raw) => {
        const read = decodeCacheEntry(raw, ID, NOW);
        if (read.kind === 'corrupt' || read.kind === 'miss') return;
        expect(encodeCacheEntry(read as CacheEntry, expiryOf(raw))).toBe(raw);
        if (read.kind === 'person') expect(parsePerson(read.person)).toEqual(read.person);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeCacheEntry(Buffer.from(bytes).toString('utf8'), ID, NOW);
      }),
    );
  });
});
