import type { HostileVersion, Outcome } from './hostile-input';

const version = (label: string, value: unknown, outcome: Outcome): HostileVersion => ({
  category: 'version',
  label,
  value,
  outcome,
});

/** Largest version a row can reach: the column is a signed 32-bit integer. */
const MAX_VERSION = 2 ** 31 - 1;

/**
 * Hostile versions (`expectedVersion` of the DAO and service writes, `version` of a whole
 * person): an integer from 1 to 2^31-1, of type number. Anything else is rejected, naming
 * `expectedVersion` (DAO, service) or `version` (model).
 */
export const HOSTILE_VERSIONS: readonly HostileVersion[] = [
  version('1', 1, 'accept'),
  version('2^31-1 (the largest)', MAX_VERSION, 'accept'),
  version('zero', 0, 'reject'),
  version('negative zero', -0, 'reject'),
  version('negative', -1, 'reject'),
  version('the most negative int', -(2 ** 31), 'reject'),
  version('fractional', 1.5, 'reject'),
  version('almost an integer', 0.1 + 0.2, 'reject'),
  version('2^31 (one past the largest)', 2 ** 31, 'reject'),
  version('2^32 + 1 (wraps to 1 in 32 bits)', 2 ** 32 + 1, 'reject'),
  version('2^53', 2 ** 53, 'reject'),
  version('1e21', 1e21, 'reject'),
  version('Number.MAX_VALUE', Number.MAX_VALUE, 'reject'),
  version('Infinity', Number.POSITIVE_INFINITY, 'reject'),
  version('-Infinity', Number.NEGATIVE_INFINITY, 'reject'),
  version('NaN', Number.NaN, 'reject'),
  version('a numeric string', '1', 'reject'),
  version('a hex string', '0x1', 'reject'),
  version('an empty string', '', 'reject'),
  version('a SQL injection', '1 OR 1=1', 'reject'),
  version('a bigint', 1n, 'reject'),
  version('true', true, 'reject'),
  version('null', null, 'reject'),
  version('an array', [1], 'reject'),
  version('an object', { version: 1 }, 'reject'),
  version('a Number object', Object(1), 'reject'),
];

/** An `If-Match` header and its outcome (the field named on rejection is `If-Match`). */
export interface HostileIfMatch {
  readonly label: string;
  readonly header: string;
  /** `accept`: the write is conditional on this version (or unconditional, for `*`). */
  readonly outcome: Outcome;
}

const ifMatch = (label: string, header: string, outcome: Outcome): HostileIfMatch => ({
  label,
  header,
  outcome,
});

/**
 * Hostile `If-Match` headers of `PUT` and `DELETE /people/:id`: a version, bare (`3`) or as the
 * ETag the API sends (`"3"`), or `*`.
 */
export const HOSTILE_IF_MATCH: readonly HostileIfMatch[] = [
  ifMatch('a bare version', '1', 'accept'),
  ifMatch('a quoted version', '"1"', 'accept'),
  ifMatch('a star', '*', 'accept'),
  ifMatch('2^31-1 (the largest)', String(MAX_VERSION), 'accept'),
  ifMatch('zero', '0', 'reject'),
  ifMatch('negative', '-1', 'reject'),
  ifMatch('fractional', '1.5', 'reject'),
  ifMatch('an exponent', '1e3', 'reject'),
  ifMatch('2^31', String(2 ** 31), 'reject'),
  ifMatch('eleven digits', '10000000001', 'reject'),
  ifMatch('a hex number', '0x1', 'reject'),
  ifMatch('a weak ETag', 'W/"1"', 'reject'),
  ifMatch('a list of ETags', '"1", "2"', 'reject'),
  ifMatch('an unbalanced quote', '"1', 'reject'),
  ifMatch('a word', 'latest', 'reject'),
  ifMatch('a SQL injection', '1 OR 1=1', 'reject'),
  ifMatch('the empty string', '', 'reject'),
  ifMatch('a long header', '1'.repeat(8000), 'reject'),
];
