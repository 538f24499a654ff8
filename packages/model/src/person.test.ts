import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import {
  isPersonName,
  newPersonSchema,
  parseNewPerson,
  parsePerson,
  parsePersonChanges,
  parseVersion,
} from './person';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
  return undefined;
}

describe('person validation', () => {
  it('accepts names exactly as given, unicode included', () => {
    const names = [
      'Ada',
      ' Ada ',
      'Zoë',
      'e\u0301',
      '👩‍🔬',
      'עברית',
      'x'.repeat(100),
      '😀'.repeat(100),
    ];
    for (const name of names) {
      expect(parseNewPerson({ firstName: name, lastName: name })).toEqual({
        firstName: name,
        lastName: name,
      });
    }
  });

  it.each([
    [{ firstName: '', lastName: 'x' }, 'firstName'],
    [{ firstName: '   ', lastName: 'x' }, 'firstName'],
    [{ firstName: 'x'.repeat(101), lastName: 'x' }, 'firstName'],
    [{ firstName: '😀'.repeat(101), lastName: 'x' }, 'firstName'],
    [{ firstName: 'a\u0000b', lastName: 'x' }, 'firstName'],
    [{ firstName: 'a\r\nb', lastName: 'x' }, 'firstName'],
    [{ firstName: '\ud800', lastName: 'x' }, 'firstName'],
    [{ firstName: 1, lastName: 'x' }, 'firstName'],
    [{ firstName: null, lastName: 'x' }, 'firstName'],
    [{ firstName: ['a'], lastName: 'x' }, 'firstName'],
    [{ firstName: 'a' }, 'lastName'],
    [{ firstName: 'a', lastName: 'b', id: 'a b' }, 'id'],
    [{ firstName: 'a', lastName: 'b', admin: true }, 'person'],
    [JSON.parse('{"firstName":"a","lastName":"b","__proto__":{"x":1}}'), 'person'],
    [null, 'person'],
    ['string', 'person'],
    [[], 'person'],
  ])('rejects %j naming %s', (input, field) => {
    expect(fieldOf(() => parseNewPerson(input))).toBe(field);
  });

  it('isPersonName agrees with the schema', () => {
    for (const name of ['Ada', ' Ada ', 'e\u0301', '😀'.repeat(100)])
      expect(isPersonName(name)).toBe(true);
    for (const name of ['', '  ', 'a\u0000', '\ud800', 'x'.repeat(101), 1, null, ['Ada']]) {
      expect(isPersonName(name)).toBe(false);
    }
    const schema = newPersonSchema.shape.firstName;
    const names = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 110 }),
      fc.string({ unit: 'grapheme', minLength: 95, maxLength: 105 }),
      fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\u00a0', '\u0085', '\ud83d', '\ude00') }),
      // White space outside ASCII, the edges of the control ranges, a BOM, a line separator.
      fc.string({
        unit: fc.constantFrom(
          ' ',
          '\u3000',
          '\ufeff',
          '\u2028',
          '\u1680',
          '\u200a',
          '\u200b',
          '\u007e',
          '\u007f',
          '\u009f',
          '\u00a0',
          '\u001f',
          '\ud83d',
          '\ude00',
          'é',
        ),
        maxLength: 104,
      }),
      fc.anything(),
    );
    fc.assert(
      fc.property(names, (name) => {
        expect(isPersonName(name)).toBe(schema.safeParse(name).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('requires at least one change and rejects unknown fields', () => {
    expect(fieldOf(() => parsePersonChanges({}))).toBe('changes');
    expect(fieldOf(() => parsePersonChanges({ version: 2 }))).toBe('changes');
    expect(parsePersonChanges({ lastName: 'B' })).toEqual({ lastName: 'B' });
  });

  it.each([[0], [-1], [1.5], ['2'], [2 ** 31], [Number.NaN], [null]])('rejects version %j', (v) => {
    expect(fieldOf(() => parseVersion(v, 'If-Match'))).toBe('If-Match');
  });

  it('a whole person needs all four fields', () => {
    const person = { id: 'a', firstName: 'A', lastName: 'B', version: 1 };
    expect(parsePerson(person)).toEqual(person);
    expect(fieldOf(() => parsePerson({ ...person, version: 0 }))).toBe('version');
  });
});
