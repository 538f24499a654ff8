import { ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { CacheKeyScheme, MAX_CACHE_KEY_BYTES } from './key-scheme';

const scheme = new CacheKeyScheme('ns');
const LEGAL_KEY = /^[\x21-\x7e]{1,250}$/;

/** Every id a careless scheme would merge, and a sample of everything else. */
function trickyIds(): string[] {
  const pieces = [
    'a',
    'A',
    ' ',
    ':',
    '~',
    'ns',
    'YQ',
    '=',
    '/',
    '+',
    'é',
    'e\u0301',
    '😀',
    '\0',
    '\n',
    '\u00a0',
  ];
  const ids = new Set<string>(pieces);
  for (const a of pieces) for (const b of pieces) ids.add(a + b);
  for (const a of pieces)
    for (const b of pieces) for (const c of ['a', ':', '~']) ids.add(a + b + c);
  ids.add(Buffer.from('a').toString('base64url'));
  ids.add('ns:a');
  ids.add('ns~YQ');
  return [...ids];
}

describe('CacheKeyScheme', () => {
  it('keys a valid person id as <namespace>:<id>, anything else as <namespace>~<base64url>', () => {
    expect(scheme.key('Ada_Lovelace-1')).toBe('ns:Ada_Lovelace-1');
    expect(scheme.key('a b')).toBe(`ns~${Buffer.from('a b').toString('base64url')}`);
    expect(scheme.key('Zoë')).toBe(`ns~${Buffer.from('Zoë').toString('base64url')}`);
  });

  it('is injective and every key is a legal memcached key (printable ASCII, no space, ≤ 250 bytes)', () => {
    const ids = trickyIds();
    const keys = ids.map((id) => scheme.key(id));
    expect(new Set(keys).size).toBe(ids.length);
    for (const key of keys) expect(key).toMatch(LEGAL_KEY);
  });

  it('can be read back: the key alone tells the id', () => {
    for (const id of trickyIds()) {
      const key = scheme.key(id);
      const plain = key.startsWith('ns:');
      const back = plain ? key.slice(3) : Buffer.from(key.slice(3), 'base64url').toString('utf8');
      expect(back).toBe(id);
    }
  });

  it('never gives two namespaces the same key', () => {
    const namespaces = ['a', 'a-b', 'a.b', 'a_b', 'ab', 'A'];
    const keys = new Set<string>();
    for (const ns of namespaces) {
      const s = new CacheKeyScheme(ns);
      for (const id of ['b', 'b:c', 'b~c', 'ab', '-b', '.b']) keys.add(s.key(id));
    }
    expect(keys.size).toBe(namespaces.length * 6);
  });

  it('accepts the longest id that fits and rejects one byte more, in both forms', () => {
    const plainRoom = MAX_CACHE_KEY_BYTES - 'ns:'.length;
    expect(scheme.key('x'.repeat(plainRoom))).toHaveLength(MAX_CACHE_KEY_BYTES);
    expect(() => scheme.key('x'.repeat(plainRoom + 1))).toThrow(ValidationError);
    // 3 bytes of UTF-8 per 4 characters of base64: 'é' is 2 bytes.
    const encodedRoom = Math.floor(((MAX_CACHE_KEY_BYTES - 'ns~'.length) * 3) / 4);
    expect(scheme.key('é'.repeat(encodedRoom / 2)).length).toBeLessThanOrEqual(MAX_CACHE_KEY_BYTES);
    expect(() => scheme.key('é'.repeat(encodedRoom / 2 + 1))).toThrow(ValidationError);
    expect(() => scheme.key('😀'.repeat(1_000_000))).toThrow(ValidationError);
  });

  it.each([
    ['empty', ''],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate inside', 'a\uDC00b'],
    ['not a string', 42],
    ['null', null],
  ])('rejects an id that is %s with a ValidationError on "id"', (_, id) => {
    expect(() => scheme.key(id as string)).toThrow(expect.objectContaining({ field: 'id' }));
    expect(() => scheme.key(id as string)).toThrow(ValidationError);
  });

  it.each(['', 'a b', 'a:b', 'a~b', 'é', 'x'.repeat(101), 42])(
    'rejects the namespace %j',
    (namespace) => {
      expect(() => new CacheKeyScheme(namespace as string)).toThrow(ValidationError);
    },
  );

  it('defaults the namespace to "person" and accepts the test run namespaces', () => {
    expect(new CacheKeyScheme().key('a')).toBe('person:a');
    expect(new CacheKeyScheme('ct-test-mi3x.1_f').key('a')).toBe('ct-test-mi3x.1_f:a');
  });

  it('puts a key epoch above 1 after the namespace, so epochs and namespaces never meet', () => {
    expect(new CacheKeyScheme('p', 1).key('a')).toBe('p:a');
    expect(new CacheKeyScheme('p', 7).key('a')).toBe('p#7:a');
    expect(new CacheKeyScheme('p', 7).key('a b')).toBe(
      `p#7~${Buffer.from('a b').toString('base64url')}`,
    );
    // A namespace may hold "." and digits, never "#": "p.7" and "p" at epoch 7 differ.
    expect(new CacheKeyScheme('p.7').key('a')).not.toBe(new CacheKeyScheme('p', 7).key('a'));
    for (const epoch of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => new CacheKeyScheme('p', epoch)).toThrow(
        expect.objectContaining({ field: 'epoch' }),
      );
    }
  });
});
