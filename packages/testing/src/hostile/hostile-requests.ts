/** An HTTP-only hostile input: how the request looks and the answer it must get. */
export interface HostileRequest {
  readonly label: string;
  /** The request URL, sent as it is (already percent-encoded where it should be). */
  readonly url: string;
  readonly status: 200 | 400;
  /** The error code of a 400. */
  readonly code?: 'VALIDATION' | 'BAD_REQUEST';
  /** The field a `VALIDATION` error names. */
  readonly field?: string;
}

const ok = (label: string, url: string): HostileRequest => ({ label, url, status: 200 });
const invalid = (label: string, url: string, field: string): HostileRequest => ({
  label,
  url,
  status: 400,
  code: 'VALIDATION',
  field,
});
const badUrl = (label: string, url: string): HostileRequest => ({
  label,
  url,
  status: 400,
  code: 'BAD_REQUEST',
});

/**
 * Hostile URLs of the read routes. `GET /people?ids=` takes a comma-separated list (also as
 * repeated `ids=`); a comma always separates, even percent-encoded. A path whose encoding
 * cannot be decoded is a 400 `BAD_REQUEST` for the URL as a whole.
 */
export const HOSTILE_REQUESTS: readonly HostileRequest[] = [
  ok('a list of valid ids', '/people?ids=ada,grace'),
  ok('repeated ids= parameters', '/people?ids=ada&ids=grace'),
  ok('an encoded comma separates too', '/people?ids=ada%2Cgrace'),
  ok('prototype keys as ids', '/people?ids=__proto__,constructor,prototype'),
  ok('a __proto__ parameter beside ids', '/people?ids=ada&__proto__=x&constructor=y'),
  invalid('no ids parameter', '/people', 'ids'),
  invalid('an empty ids parameter', '/people?ids=', 'ids.0'),
  invalid('an empty id inside the list', '/people?ids=ada,,grace', 'ids.1'),
  invalid('a trailing comma', '/people?ids=ada,', 'ids.1'),
  invalid('bracket syntax', '/people?ids[]=ada', 'ids'),
  invalid('indexed bracket syntax', '/people?ids[0]=ada', 'ids'),
  invalid('a nested __proto__ parameter', '/people?__proto__[ids]=ada', 'ids'),
  invalid('a SQL injection in the list', "/people?ids=ada,'%20OR%20'1'%3D'1", 'ids.1'),
  invalid('an encoded NUL', '/people?ids=ada%00', 'ids.0'),
  invalid('an encoded CR LF', '/people?ids=ada%0D%0Aget%20x', 'ids.0'),
  invalid('a broken percent escape', '/people?ids=%E0%A4%A', 'ids.0'),
  invalid('a semicolon instead of a comma', '/people?ids=ada;grace', 'ids.0'),
  invalid('a 1 MiB id', `/people?ids=${'x'.repeat(1024 * 1024)}`, 'ids.0'),
  invalid('an id of 65 characters in the path', `/people/${'x'.repeat(65)}`, 'id'),
  invalid('an id of 1 MiB in the path', `/people/${'x'.repeat(1024 * 1024)}`, 'id'),
  invalid('an empty id in the path', '/people/', 'id'),
  invalid('an encoded slash in the path', '/people/a%2Fb', 'id'),
  invalid('encoded dots in the path', '/people/%2E%2E', 'id'),
  badUrl('a lone percent sign in the path', '/people/%'),
  badUrl('a broken percent escape in the path', '/people/%zz'),
  badUrl('an encoded lone surrogate in the path', '/people/%ED%A0%80'),
  badUrl('an overlong UTF-8 encoding in the path', '/people/%C0%AE'),
];
