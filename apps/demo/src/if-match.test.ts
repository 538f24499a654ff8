import { ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { parseIfMatch, versionTag } from './if-match';

describe('parseIfMatch', () => {
  it('no header and * mean an unconditional write', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it('reads a bare version and the ETag the API sends', () => {
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch(versionTag(7))).toBe(7);
    expect(parseIfMatch(' 12 ')).toBe(12);
  });

  it.each(['', '0', 'abc', '-1', '1.5', 'W/"3"', '"3", "4"', '99999999999', '2147483648'])(
    'rejects %j as a ValidationError naming If-Match',
    (header) => {
      expect(() => parseIfMatch(header)).toThrow(ValidationError);
      expect(() => parseIfMatch(header)).toThrow(/^If-Match: /);
    },
  );
});
