import { describe, expect, it } from 'vitest';
import { decodeCacheEntry, encodeCacheEntry } from './cache-codec';
import type { CacheEntry } from './cache-entry';
import { parseCacheEntry } from './cache-entry-check';
import { ValidationError } from './errors';

const person = (id: string, firstName = 'Ada'): CacheEntry => ({
  kind: 'person',
  person: { id, firstName, lastName: 'Lovelace', version: 1 },
});

describe('parseCacheEntry', () => {
  it('accepts exactly what the codec reads back as written', () => {
    const entries: [string, CacheEntry][] = [
      ['a-1', person('a-1', 'Zoë 👩‍🚀')],
      ['b', { kind: 'tombstone' }],
      ['Zoë', { kind: 'lease', owner: 'me' }],
    ];
    for (const [id, entry] of entries) {
      expect(parseCacheEntry(id, entry)).toBe(entry);
      expect(decodeCacheEntry(encodeCacheEntry(entry, Date.now() + 60_000), id)).toEqual(entry);
    }
  });

  it('refuses what would read back as corrupt, naming the field', () => {
    const refused: [string, unknown, string][] = [
      ['Zoë', person('Zoë'), 'id'],
      ['a', person('a', ''), 'firstName'],
      [
        'a',
        { kind: 'person', person: { id: 'a', firstName: 'A', lastName: 'B', version: 0 } },
        'version',
      ],
      ['a', person('b'), 'entry'],
      ['a', { kind: 'lease', owner: '' }, 'entry'],
      ['a', { kind: 'other' }, 'entry'],
      ['a', null, 'entry'],
    ];
    for (const [id, entry, field] of refused) {
      const call = () => parseCacheEntry(id, entry as CacheEntry);
      expect(call).toThrow(ValidationError);
      expect(call).toThrow(expect.objectContaining({ field }));
    }
  });
});
