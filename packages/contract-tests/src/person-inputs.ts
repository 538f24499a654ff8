/** Names that must come back exactly as written: no trimming, folding or normalisation. */
export const HARD_NAMES: readonly (readonly [string, string])[] = [
  ['Zoë 👩‍🚀', 'Ø 🇫🇷 Ünïcødé'],
  ['e\u0301 (combining acute)', 'A\u030a\u0328'],
  ['שָׁלוֹם', 'مرحبا بالعالم'],
  [' Ann ', 'O’Brien-Ñúñez'],
  ['😀'.repeat(100), 'a\u0301'.repeat(50)],
  ['漢'.repeat(100), 'x'.repeat(100)],
  ["'); DROP TABLE person; --", '\\" OR ""="'],
];

/** Ids every method must refuse with a `ValidationError`: empty, blank, non-ASCII, too long, not strings. */
export const INVALID_IDS: readonly unknown[] = [
  '',
  ' ',
  'a b',
  'a ',
  'é',
  'a/b',
  'a'.repeat(65),
  null,
  undefined,
  42,
  ['a'],
];

/** SQL injection payloads: invalid ids, refused before they reach a query. */
export const INJECTION_IDS: readonly string[] = [
  "' OR '1'='1",
  "a'; DROP TABLE person; --",
  '1; DELETE FROM person',
  '" OR ""="',
  "\\'; --",
  '%',
  'a%',
];
