import type { HostileCategory, HostileName } from './hostile-input';

const MEBIBYTE = 1024 * 1024;

const accept = (category: HostileCategory, label: string, value: string): HostileName => ({
  category,
  label,
  value,
  outcome: 'accept',
});

const reject = (category: HostileCategory, label: string, value: unknown): HostileName => ({
  category,
  label,
  value,
  outcome: 'reject',
});

/**
 * Hostile first and last names. The model's rule: a string of 1–100 code points, well-formed
 * Unicode, no control character (Unicode category Cc: C0, DEL, C1), not only white space (as
 * `String.prototype.trim` sees it); stored and returned exactly as given, never trimmed or
 * normalised. Format characters (zero-width, bidi overrides) are not control characters.
 */
export const HOSTILE_NAMES: readonly HostileName[] = [
  accept('ordinary', 'a plain name', 'Ada'),
  accept('ordinary', 'one letter', 'A'),
  accept('ordinary', 'an apostrophe', "O'Brien"),
  accept('ordinary', 'inner spaces', 'Mary Ann'),
  accept('ordinary', 'leading and trailing spaces (kept)', ' Ada '),
  accept('ordinary', 'trailing spaces only after a letter (kept)', 'Ada   '),

  accept('sql-injection', 'Bobby Tables', "Robert'); DROP TABLE person;--"),
  accept('sql-injection', 'quote OR 1=1', "' OR '1'='1"),
  accept(
    'sql-injection',
    'a UNION SELECT',
    "x' UNION SELECT id, first_name, last_name, 1 FROM person --",
  ),
  accept('sql-injection', 'a backslash before a quote', "\\' OR 1=1 #"),
  accept('sql-injection', 'a lone backslash', '\\'),
  accept('sql-injection', 'a literal backslash-zero', '\\0'),
  accept('sql-injection', 'LIKE wildcards', '%_%'),
  accept('sql-injection', 'a backtick', '`person`'),
  accept('sql-injection', 'a double quote', '"'),
  accept('sql-injection', 'a comment', '/* x */ --'),
  accept('sql-injection', 'a placeholder mark', '?'),
  accept('sql-injection', 'a named placeholder', ':id'),

  accept('memcached-injection', 'a memcached command word', 'END'),
  accept('memcached-injection', 'our cache header', 'ct1:P:9999999999999:{"id":"ada"}'),
  accept('memcached-injection', 'a JSON object', '{"id":"ada","version":99}'),
  reject(
    'memcached-injection',
    'CR LF and a set command',
    'a\r\nset ct-hostile-injected 0 0 1\r\nx',
  ),
  reject('memcached-injection', 'a bare LF', 'Ada\n'),
  reject('memcached-injection', 'a tab', 'A\tda'),
  reject('memcached-injection', 'a NUL', 'Ada\u0000'),
  reject('memcached-injection', 'only a NUL', '\u0000'),
  reject('memcached-injection', 'DEL', 'Ada\u007f'),
  reject('memcached-injection', 'a C1 control (NEL)', 'Ada\u0085'),
  reject('memcached-injection', 'an ANSI escape', '\u001b[31mAda'),

  reject('empty-or-blank', 'the empty string', ''),
  reject('empty-or-blank', 'one space', ' '),
  reject('empty-or-blank', 'spaces', '     '),
  reject('empty-or-blank', 'a no-break space', '\u00a0'),
  reject('empty-or-blank', 'an ideographic space', '\u3000'),
  reject('empty-or-blank', 'a line separator', '\u2028'),
  reject('empty-or-blank', 'a byte order mark', '\ufeff'),
  accept('empty-or-blank', 'a zero-width space (not white space)', '\u200b'),

  accept('very-long', '100 characters', 'x'.repeat(100)),
  accept('very-long', '100 emoji (200 UTF-16 units, 400 bytes)', '\u{1f600}'.repeat(100)),
  accept('very-long', '50 letters with a combining mark (100 code points)', 'e\u0301'.repeat(50)),
  reject('very-long', '101 characters', 'x'.repeat(101)),
  reject('very-long', '101 emoji', '\u{1f600}'.repeat(101)),
  reject('very-long', '51 letters with a combining mark (102 code points)', 'e\u0301'.repeat(51)),
  reject('very-long', '1 MiB', 'x'.repeat(MEBIBYTE)),

  accept('unicode', 'a diaeresis', 'Zo\u00eb'),
  accept('unicode', 'a combining mark (not normalised)', 'Zoe\u0308'),
  accept('unicode', 'an emoji ZWJ sequence', '\u{1f469}\u200d\u{1f52c}'),
  accept('unicode', 'a flag', '\u{1f1fa}\u{1f1f8}'),
  accept('unicode', 'Hebrew (right to left)', '\u05e2\u05d1\u05e8\u05d9\u05ea'),
  accept('unicode', 'Arabic (right to left)', '\u0645\u062d\u0645\u062f'),
  accept('unicode', 'a right-to-left override', 'Ada\u202eecalevoL'),
  accept('unicode', 'CJK', '\u5c71\u7530'),
  accept('unicode', 'a sharp s', 'Stra\u00dfe'),
  accept('unicode', 'the Kelvin sign', '\u212a'),
  accept('unicode', 'a replacement character', '\ufffd'),
  accept('unicode', 'a noncharacter', 'a\uffff'),
  accept('unicode', 'the last code point', '\u{10ffff}'),
  accept('unicode', 'a supplementary-plane letter', '\u{1d400}'),
  reject('unicode', 'a lone high surrogate', 'Ada\ud800'),
  reject('unicode', 'a lone low surrogate', '\udc00Ada'),
  reject('unicode', 'surrogates in the wrong order', '\ude00\ud83d'),

  reject('wrong-type', 'a number', 42),
  reject('wrong-type', 'zero', 0),
  reject('wrong-type', 'true', true),
  reject('wrong-type', 'null', null),
  reject('wrong-type', 'a bigint', 1n),
  reject('wrong-type', 'an empty array', []),
  reject('wrong-type', 'an array holding a name', ['Ada']),
  reject('wrong-type', 'an object', { first: 'Ada' }),
  reject('wrong-type', 'an object that prints as a name', { toString: () => 'Ada' }),
  reject('wrong-type', 'a String object', Object('Ada')),
];
