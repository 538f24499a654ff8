import { describe, expect, it } from 'vitest';
import { parseExpectedVersion, parseNewPersonWithId } from './write-arguments';

describe('write arguments', () => {
  it('a create needs a valid id besides valid names', () => {
    expect(parseNewPersonWithId({ id: 'a', firstName: 'A', lastName: 'B' })).toEqual({
      id: 'a',
      firstName: 'A',
      lastName: 'B',
    });
    expect(() => parseNewPersonWithId({ firstName: 'A', lastName: 'B' })).toThrow(
      expect.objectContaining({ field: 'id' }),
    );
    expect(() =>
      parseNewPersonWithId({ id: 'a', firstName: 'A', lastName: 'B', version: 2 }),
    ).toThrow(expect.objectContaining({ field: 'person' }));
  });

  it('an expectedVersion is absent or a version', () => {
    expect(parseExpectedVersion(undefined)).toBeUndefined();
    expect(parseExpectedVersion(3)).toBe(3);
    for (const bad of [0, 1.5, '1', null]) {
      expect(() => parseExpectedVersion(bad)).toThrow(
        expect.objectContaining({ field: 'expectedVersion' }),
      );
    }
  });
});
