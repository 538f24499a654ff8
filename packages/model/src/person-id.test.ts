import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { isPersonId, parsePersonId } from './person-id';

describe('person ids', () => {
  it.each(['a', 'A', 'a-b_c', '0', 'x'.repeat(64), '550e8400-e29b-41d4-a716-446655440000'])(
    'accepts %j',
    (id) => {
      expect(parsePersonId(id)).toBe(id);
    },
  );

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(65), 'at most 64'],
    ['a b', 'may contain only'],
    ['a\r\nset x 0 0 1', 'may contain only'],
    ['a\u0000', 'may contain only'],
    ["' OR '1'='1", 'may contain only'],
    ['../etc/passwd', 'may contain only'],
    ['é', 'may contain only'],
    ['😀', 'may contain only'],
  ])('rejects %j with a ValidationError naming the field', (id, message) => {
    const error = (() => {
      try {
        parsePersonId(id, 'params.id');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('params.id');
    expect((error as ValidationError).message).toContain(message);
  });

  it.each([[1], [null], [undefined], [['a']], [{ id: 'a' }], [true]])(
    'rejects the non-string %j',
    (value) => {
      expect(isPersonId(value)).toBe(false);
      expect(() => parsePersonId(value)).toThrow(/id: must be a string, got/);
    },
  );
});
