import { describe, expect, it } from 'vitest';
import { parseServiceMode } from './service-mode';

describe('parseServiceMode', () => {
  it('accepts exactly { useDb: boolean }', () => {
    expect(parseServiceMode({ useDb: true })).toEqual({ useDb: true });
    expect(parseServiceMode({ useDb: false })).toEqual({ useDb: false });
  });

  it('refuses other shapes, naming the field', () => {
    const refused: [unknown, string][] = [
      [null, 'mode'],
      [[true], 'mode'],
      ['true', 'mode'],
      [{ useDb: true, extra: 1 }, 'mode'],
      [{}, 'useDb'],
      [{ useDb: 'true' }, 'useDb'],
    ];
    for (const [value, field] of refused) {
      expect(() => parseServiceMode(value)).toThrow(expect.objectContaining({ field }));
    }
  });
});
