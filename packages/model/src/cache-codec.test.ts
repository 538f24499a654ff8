import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCacheEntry, encodeCacheEntry } from './cache-codec';
import type { CacheEntry } from './cache-entry';
import { newPersonSchema } from './person';

const NOW = 1_700_000_000_000;
const LATER = NOW + 60_000;
const ada = { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', version: 3 };

const validName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => newPersonSchema.shape.firstName.safeParse(s).success);
const validPerson = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  firstName: validName,
  lastName: validName,
  version: fc.integer({ min: 1, max: 2_147_483_647 }),
});

describe('cache value codec', () => {
  it('round-trips every entry kind', () => {
    const entries: CacheEntry[] = [
      { kind: 'person', person: ada },
      { kind: 'tombstone' },
      { kind: 'lease', owner: 'p1:42' },
    ];
    for (const entry of entries) {
      expect(decodeCacheEntry(encodeCacheEntry(entry, LATER), 'ada', NOW)).toEqual(entry);
    }
  });

  it('round-trips any person the schema accepts', () => {
    fc.assert(
      fc.property(validPerson, (person) => {
        const raw = encodeCacheEntry({ kind: 'person', person }, LATER);
        expect(decodeCacheEntry(raw, person.id, NOW)).toEqual({ kind: 'person', person });
      }),
    );
  });

  it('reads a person only as written, byte for byte, whatever its names contain', () => {
    const trickyName = fc
      .string({ unit: fc.constantFrom('a', '"', '\\', '/', ' ', 'é', '\u2028', '😀', '\u007f') })
      .filter((s) => newPersonSchema.shape.firstName.safeParse(s).success);
    const person = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
      firstName: trickyName,
      lastName: trickyName,
      version: fc.integer({ min: 1, max: 2_147_483_647 }),
    });
    // Other spellings of the same JSON value: an escaped character, an escaped slash, a space.
    const respell = (json: string, how: number) =>
      [
        json.replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`),
        json.replace('/', '\\/'),
        json.replace(':', ': '),
      ][how] as string;
    fc.assert(
      fc.property(person, fc.integer({ min: 0, max: 2 }), (p, how) => {
        const raw = encodeCacheEntry({ kind: 'person', person: p }, LATER);
        expect(decodeCacheEntry(raw, p.id, NOW)).toEqual({ kind: 'person', person: p });
        const other = respell(raw.slice(raw.indexOf('{')), how);
        const read = decodeCacheEntry(`ct1:P:${LATER}:${other}`, p.id, NOW);
        expect(read.kind).toBe(other === raw.slice(raw.indexOf('{')) ? 'person' : 'corrupt');
      }),
      { numRuns: 1000 },
    );
  });

  // Laid out exactly as the codec writes a person, but with what it never writes in a field.
  const laidOut = (id: string, first: string, last: string, version: string) =>
    `ct1:P:${LATER}:{"id":"${id}","firstName":"${first}","lastName":"${last}","version":${version}}`;
  it.each([
    ['a version of 0', laidOut('ada', 'Ada', 'Lovelace', '0'), 'person has the wrong shape'],
    [
      'a version with a leading zero',
      laidOut('ada', 'Ada', 'Lovelace', '03'),
      'person is not valid JSON',
    ],
    [
      'a version past the column',
      laidOut('ada', 'Ada', 'Lovelace', '2147483648'),
      'person has the wrong shape',
    ],
    [
      'a fractional version',
      laidOut('ada', 'Ada', 'Lovelace', '3.5'),
      'person has the wrong shape',
    ],
    ['a longer id', laidOut('adam', 'Ada', 'Lovelace', '3'), 'person stored under another id'],
    [
      'a raw control character',
      laidOut('ada', 'A\u0001', 'Lovelace', '3'),
      'person is not valid JSON',
    ],
    ['a raw lone surrogate', laidOut('ada', 'Ada', '\ud800', '3'), 'person has the wrong shape'],
    [
      'a name of white space only',
      laidOut('ada', '  ', 'Lovelace', '3'),
      'person has the wrong shape',
    ],
    [
      'a name of 101 characters',
      laidOut('ada', 'x'.repeat(101), 'Lovelace', '3'),
      'person has the wrong shape',
    ],
    [
      'an escaped slash',
      laidOut('ada', 'A\\/da', 'Lovelace', '3'),
      'person not in the form this codec writes',
    ],
  ])('reads a person laid out as written but with %s as the full check does', (_, raw, reason) => {
    expect(decodeCacheEntry(raw, 'ada', NOW)).toEqual({ kind: 'corrupt', reason });
  });

  it('reads an id that is a prefix of the stored one as stored under another id', () => {
    const raw = laidOut('ada', 'Ada', 'Lovelace', '3');
    expect(decodeCacheEntry(raw, 'ad', NOW)).toEqual({
      kind: 'corrupt',
      reason: 'person stored under another id',
    });
  });

  it('reads an expiry only in the digits a number spells itself with, up to 16 of them', () => {
    const readsExpiry = (digits: string) =>
      decodeCacheEntry(`ct1:T:${digits}`, 'ada', 0).kind !== 'corrupt';
    const spelling = (digits: string) => digits.length <= 16 && String(Number(digits)) === digits;
    const edges = ['0', '00', '01', '1', '9007199254740991', '9007199254740992'];
    edges.push('9007199254740993', '9007199254740994', '9999999999999999', '10000000000000000');
    for (const digits of edges) expect(readsExpiry(digits), digits).toBe(spelling(digits));
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,17}$/), (digits) => {
        expect(readsExpiry(digits)).toBe(spelling(digits));
      }),
    );
  });

  it('an entry read after its expiry is a miss', () => {
    const raw = encodeCacheEntry({ kind: 'person', person: ada }, NOW + 200);
    expect(decodeCacheEntry(raw, 'ada', NOW + 199).kind).toBe('person');
    expect(decodeCacheEntry(raw, 'ada', NOW + 200)).toEqual({ kind: 'miss' });
  });

  it.each([
    ['foreign bytes', 'hello world'],
    ['an old format version', `ct0:P:${LATER}:${JSON.stringify(ada)}`],
    ['truncated JSON', `ct1:P:${LATER}:{"id":"ada","firstN`],
    ['JSON of the wrong shape', `ct1:P:${LATER}:{"id":"ada"}`],
    ['an array', `ct1:P:${LATER}:["ada","Ada","Lovelace",3]`],
    ['a person with extra fields', `ct1:P:${LATER}:${JSON.stringify({ ...ada, admin: true })}`],
    ['a person stored under another id', `ct1:P:${LATER}:${JSON.stringify({ ...ada, id: 'bob' })}`],
    ['a version that is a string', `ct1:P:${LATER}:${JSON.stringify({ ...ada, version: '3' })}`],
    ['a prototype-pollution payload', `ct1:P:${LATER}:{"__proto__":{"polluted":1}}`],
    ['an unknown kind', `ct1:X:${LATER}`],
    ['a malformed expiry', 'ct1:T:soon'],
    ['an empty value', ''],
    ['a lease without owner', `ct1:L:${LATER}:`],
    [
      'a name with control characters',
      `ct1:P:${LATER}:${JSON.stringify({ ...ada, firstName: 'A\r\n' })}`,
    ],
    [
      'a name with a lone surrogate',
      `ct1:P:${LATER}:${JSON.stringify({ ...ada, lastName: '\ud800' })}`,
    ],
    ['a name of white space only', `ct1:P:${LATER}:${JSON.stringify({ ...ada, firstName: '  ' })}`],
    [
      'a name of 101 characters',
      `ct1:P:${LATER}:${JSON.stringify({ ...ada, firstName: 'x'.repeat(101) })}`,
    ],
    [
      'a person with its keys in another order',
      `ct1:P:${LATER}:${JSON.stringify({ version: 3, id: 'ada', firstName: 'Ada', lastName: 'Lovelace' })}`,
    ],
    ['a person with white space in its JSON', `ct1:P:${LATER}:${JSON.stringify(ada, null, 1)}`],
    [
      'a person with escaped letters',
      `ct1:P:${LATER}:${JSON.stringify(ada).replace('Ada', '\\u0041da')}`,
    ],
    ['an expiry with a leading zero', `ct1:T:0${LATER}`],
  ])('reports %s as corrupt without throwing', (_, raw) => {
    const read = decodeCacheEntry(raw, 'ada', NOW);
    expect(read.kind).toBe('corrupt');
    expect({} as Record<string, unknown>).not.toHaveProperty('polluted');
  });

  it('reports any value without our header as corrupt, and never throws on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const read = decodeCacheEntry(raw, 'ada', NOW);
        if (!raw.startsWith('ct1:')) expect(read.kind).toBe('corrupt');
      }),
    );
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const read = decodeCacheEntry(`ct1:P:${LATER}:${tail}`, 'ada', NOW);
        expect(['corrupt', 'person']).toContain(read.kind);
      }),
    );
  });
});
