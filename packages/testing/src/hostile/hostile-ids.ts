import type { HostileCategory, HostileId, Outcome } from './hostile-input';

const MEBIBYTE = 1024 * 1024;

function id(
  category: HostileCategory,
  label: string,
  value: unknown,
  outcome: Outcome,
  cacheKey: Outcome,
): HostileId {
  return { category, label, value, outcome, cacheKey };
}

// Valid ids: every layer accepts them, the cache keys them as they are.
const valid = (category: HostileCategory, label: string, value: string) =>
  id(category, label, value, 'accept', 'accept');
// Ids the model rejects but a cache DAO can still key (base64url of their UTF-8).
const keyable = (category: HostileCategory, label: string, value: string) =>
  id(category, label, value, 'reject', 'accept');
// Ids no layer takes.
const refused = (category: HostileCategory, label: string, value: unknown) =>
  id(category, label, value, 'reject', 'reject');

/**
 * Hostile person ids. The model's rule is `[A-Za-z0-9_-]{1,64}`, compared byte for byte; the
 * cache key scheme keys any other well-formed, non-empty string whose key fits in 250 bytes.
 */
export const HOSTILE_IDS: readonly HostileId[] = [
  valid('ordinary', 'a plain id', 'ada'),
  valid('ordinary', 'upper case (a different id from lower case)', 'ADA'),
  valid('ordinary', 'a UUID', '550e8400-e29b-41d4-a716-446655440000'),
  valid('ordinary', 'one underscore (a LIKE wildcard)', '_'),
  valid('ordinary', 'one dash', '-'),
  valid('sql-injection', 'a SQL comment opener', '--'),
  valid('sql-injection', 'a negative-looking number', '-1'),
  valid('sql-injection', 'a hex-looking number', '0x41'),
  valid('sql-injection', 'an exponent-looking number', '1e3'),
  valid('sql-injection', 'the word NULL', 'NULL'),
  valid('sql-injection', 'the word null', 'null'),
  valid('sql-injection', 'the word undefined', 'undefined'),
  valid('prototype-keys', '__proto__', '__proto__'),
  valid('prototype-keys', 'constructor', 'constructor'),
  valid('prototype-keys', 'prototype', 'prototype'),
  valid('prototype-keys', 'toString', 'toString'),
  valid('prototype-keys', 'hasOwnProperty', 'hasOwnProperty'),
  valid('very-long', '64 characters (the longest id)', 'x'.repeat(64)),

  keyable('sql-injection', 'quote OR 1=1', "' OR '1'='1"),
  keyable('sql-injection', 'a DROP TABLE statement', "x'; DROP TABLE person; --"),
  keyable('sql-injection', 'a DELETE of every row', "'; DELETE FROM person WHERE '1'='1"),
  keyable('sql-injection', 'a UNION SELECT', "x' UNION SELECT id, first_name FROM person --"),
  keyable('sql-injection', 'a double-quoted OR', '" OR ""="'),
  keyable('sql-injection', 'a backslash-escaped quote', "\\' OR 1=1 #"),
  keyable('sql-injection', 'a LIKE wildcard', '%'),
  keyable('sql-injection', 'a backtick identifier', '`person`'),
  keyable('sql-injection', 'a stacked statement with a semicolon', 'a;b'),
  keyable('sql-injection', 'a comment', 'a/*x*/'),
  keyable('memcached-injection', 'a space', 'a b'),
  keyable('memcached-injection', 'a trailing space', 'ada '),
  keyable(
    'memcached-injection',
    'CR LF and a set command',
    'a\r\nset ct-hostile-injected 0 0 1\r\nx',
  ),
  keyable('memcached-injection', 'a bare LF', 'a\n'),
  keyable('memcached-injection', 'a tab', 'a\tb'),
  keyable('memcached-injection', 'a NUL', 'a\u0000'),
  keyable('memcached-injection', 'only a NUL', '\u0000'),
  keyable('memcached-injection', 'DEL', 'a\u007f'),
  keyable('memcached-injection', 'an ANSI escape', 'a\u001b[31m'),
  keyable('memcached-injection', 'a colon (the key scheme separator)', 'person:ada'),
  keyable('memcached-injection', 'a tilde (the encoded-key separator)', 'person~ada'),
  keyable('memcached-injection', 'a path traversal', '../etc/passwd'),
  keyable('memcached-injection', 'a slash', 'a/b'),
  keyable('memcached-injection', 'a percent escape', 'a%2Fb'),
  keyable('memcached-injection', 'a dot', '.'),
  keyable('memcached-injection', 'two dots', '..'),
  keyable('memcached-injection', 'a query string', 'a?b=c'),
  keyable('memcached-injection', 'a fragment', 'a#b'),
  keyable('memcached-injection', 'a comma (the ids= separator)', 'a,b'),
  keyable('empty-or-blank', 'one space', ' '),
  keyable('empty-or-blank', 'spaces', '   '),
  keyable('empty-or-blank', 'a tab only', '\t'),
  keyable('empty-or-blank', 'a no-break space', '\u00a0'),
  keyable('empty-or-blank', 'an ideographic space', '\u3000'),
  keyable('very-long', '65 characters', 'x'.repeat(65)),
  keyable('unicode', 'a precomposed letter', '\u00e9'),
  keyable('unicode', 'a combining mark', 'e\u0301'),
  keyable('unicode', 'an emoji', '\u{1f600}'),
  keyable('unicode', 'an emoji ZWJ sequence', '\u{1f469}\u200d\u{1f52c}'),
  keyable('unicode', 'right-to-left text', '\u05e2\u05d1\u05e8\u05d9\u05ea'),
  keyable('unicode', 'a right-to-left override', 'a\u202egnp.exe'),
  keyable('unicode', 'a zero-width space', 'a\u200bb'),
  keyable('unicode', 'a byte order mark', '\ufeffada'),
  keyable('unicode', 'fullwidth letters', '\uff41\uff44\uff41'),
  keyable('unicode', 'a Cyrillic homoglyph', '\u0430da'),
  keyable('unicode', 'the Kelvin sign (folds to k)', '\u212a'),
  keyable('unicode', 'a dotted capital I', '\u0130'),
  keyable('unicode', 'a replacement character', '\ufffd'),
  keyable('unicode', '60 two-byte letters', '\u00e9'.repeat(60)),

  refused('empty-or-blank', 'the empty string', ''),
  refused('very-long', '250 characters (the whole memcached key limit)', 'x'.repeat(250)),
  refused('very-long', '251 characters', 'x'.repeat(251)),
  refused('very-long', '100 two-byte letters (200 bytes of UTF-8)', '\u00e9'.repeat(100)),
  refused('very-long', '1 MiB', 'x'.repeat(MEBIBYTE)),
  refused('unicode', 'a lone high surrogate', '\ud800'),
  refused('unicode', 'a lone low surrogate', '\udc00'),
  refused('unicode', 'a lone surrogate inside', 'a\ud800b'),
  refused('unicode', 'surrogates in the wrong order', '\ude00\ud83d'),
  refused('wrong-type', 'a number', 1),
  refused('wrong-type', 'zero', 0),
  refused('wrong-type', 'NaN', Number.NaN),
  refused('wrong-type', 'Infinity', Number.POSITIVE_INFINITY),
  refused('wrong-type', 'a bigint', 10n),
  refused('wrong-type', 'true', true),
  refused('wrong-type', 'null', null),
  refused('wrong-type', 'undefined', undefined),
  refused('wrong-type', 'a symbol', Symbol('ada')),
  refused('wrong-type', 'an empty array', []),
  refused('wrong-type', 'an array holding a valid id', ['ada']),
  refused('wrong-type', 'an object', { id: 'ada' }),
  refused('wrong-type', 'an object that prints as a valid id', { toString: () => 'ada' }),
  refused('wrong-type', 'a String object', Object('ada')),
  refused('wrong-type', 'a function', () => 'ada'),
];
