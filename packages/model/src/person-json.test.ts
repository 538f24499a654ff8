import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePerson } from './person-json';

describe('person JSON', () => {
  it('spells every person exactly as JSON.stringify does, whatever its strings hold', () => {
    const anyText = fc.string({
      unit: fc.oneof(
        fc.constantFrom('a', 'Z', '"', '\\', '/', ' ', '\u0000', '\u001f', '\u007f', 'é'),
        fc.constantFrom('\u2028', '\ud800', '\udfff', '😀', '\ufffd'),
      ),
    });
    const person = fc.record({
      id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), anyText),
      firstName: anyText,
      lastName: anyText,
      version: fc.oneof(fc.integer({ min: 1, max: 2_147_483_647 }), fc.double()),
    });
    fc.assert(
      fc.property(person, (p) => {
        const { id, firstName, lastName, version } = p;
        expect(encodePerson(p)).toBe(JSON.stringify({ id, firstName, lastName, version }));
      }),
      { numRuns: 2000 },
    );
  });
});
