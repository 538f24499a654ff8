import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { parseIdList } from './id-list';

describe('parseIdList', () => {
  it('keeps the distinct ids in first-seen order', () => {
    expect(parseIdList(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
    expect(parseIdList([])).toEqual([]);
  });

  it('names the invalid id by index, refuses a non-array and counts distinct ids', () => {
    expect(() => parseIdList(['a', 'Zoë'])).toThrow(expect.objectContaining({ field: 'ids.1' }));
    expect(() => parseIdList('a')).toThrow(ValidationError);
    expect(parseIdList(['a', 'a', 'a'], 1)).toEqual(['a']);
    expect(() => parseIdList(['a', 'b'], 1)).toThrow(/must hold at most 1 ids, got 2/);
  });
});
