import type { BodyOutcome, HostileBody, HostileCategory } from './hostile-input';

const MEBIBYTE = 1024 * 1024;

const ACCEPT: BodyOutcome = { kind: 'accept' };
const rejects = (field: string): BodyOutcome => ({ kind: 'reject', field });
const stores = (stored: Record<string, string>): BodyOutcome => ({ kind: 'accept', stored });

const body = (
  category: HostileCategory,
  label: string,
  json: string,
  create: BodyOutcome | undefined,
  update: BodyOutcome | undefined,
): HostileBody => ({ category, label, json, create, update });

// A body that is not JSON: HTTP answers 400 MALFORMED_JSON, no layer below ever sees it.
const notJson = (label: string, json: string) =>
  body('json-shape', label, json, undefined, undefined);

const ADA = '"firstName":"Ada","lastName":"Lovelace"';
const nested = (open: string, close: string, depth: number, inner = '') =>
  open.repeat(depth) + inner + close.repeat(depth);

/**
 * Hostile request bodies for a create (`POST /people`, `parseNewPerson`) and an update
 * (`PUT /people/:id`, `parsePersonChanges`). A create names the first bad field, or `person`
 * for the body as a whole (not an object, unknown fields); an update names the bad field, or
 * `changes`. JSON's own rules hold: a repeated key keeps its last value, and `\u` escapes are
 * decoded before validation.
 */
export const HOSTILE_BODIES: readonly HostileBody[] = [
  body('ordinary', 'a person', `{${ADA}}`, ACCEPT, ACCEPT),
  body('ordinary', 'white space around the JSON', `  \n{${ADA}}\n  `, ACCEPT, ACCEPT),
  body('ordinary', 'only a first name', '{"firstName":"Ada"}', rejects('lastName'), ACCEPT),
  body('ordinary', 'an empty object', '{}', rejects('firstName'), rejects('changes')),
  body('ordinary', 'a bad id', `{"id":"a b",${ADA}}`, rejects('id'), rejects('changes')),
  body('ordinary', 'a version', `{${ADA},"version":5}`, rejects('person'), rejects('changes')),
  body(
    'ordinary',
    'an unknown field',
    `{${ADA},"admin":true}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'ordinary',
    'a field name in the wrong case',
    '{"FirstName":"Ada","lastName":"L"}',
    rejects('firstName'),
    rejects('changes'),
  ),
  body(
    'ordinary',
    'a repeated key (the last wins)',
    '{"firstName":"Ada","firstName":"Grace","lastName":"Hopper"}',
    stores({ firstName: 'Grace', lastName: 'Hopper' }),
    stores({ firstName: 'Grace', lastName: 'Hopper' }),
  ),
  body(
    'unicode',
    'escaped letters',
    '{"firstName":"\\u0041da","lastName":"L"}',
    stores({ firstName: 'Ada', lastName: 'L' }),
    stores({ firstName: 'Ada', lastName: 'L' }),
  ),
  body(
    'unicode',
    'an escaped emoji pair',
    '{"firstName":"\\ud83d\\ude00","lastName":"L"}',
    stores({ firstName: '\u{1f600}', lastName: 'L' }),
    stores({ firstName: '\u{1f600}', lastName: 'L' }),
  ),
  body(
    'unicode',
    'an escaped lone surrogate',
    '{"firstName":"\\ud800","lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),
  body(
    'memcached-injection',
    'an escaped NUL',
    '{"firstName":"\\u0000","lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),
  body(
    'memcached-injection',
    'an escaped CR LF',
    '{"firstName":"A\\r\\nset x 0 0 1","lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),

  body('wrong-type', 'null', 'null', rejects('person'), rejects('changes')),
  body('wrong-type', 'an array', '[]', rejects('person'), rejects('changes')),
  body(
    'wrong-type',
    'an array holding a person',
    `[{${ADA}}]`,
    rejects('person'),
    rejects('changes'),
  ),
  body('wrong-type', 'a string', '"Ada"', rejects('person'), rejects('changes')),
  body('wrong-type', 'a number', '42', rejects('person'), rejects('changes')),
  body('wrong-type', 'true', 'true', rejects('person'), rejects('changes')),
  body(
    'wrong-type',
    'a null name',
    '{"firstName":null,"lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),
  body(
    'wrong-type',
    'a number as name',
    '{"firstName":"Ada","lastName":7}',
    rejects('lastName'),
    rejects('lastName'),
  ),
  body(
    'wrong-type',
    'an array as name',
    '{"firstName":["Ada"],"lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),
  body(
    'wrong-type',
    'a query operator as name',
    '{"firstName":{"$ne":""},"lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),
  body('wrong-type', 'a number as id', `{"id":42,${ADA}}`, rejects('id'), rejects('changes')),
  body('wrong-type', 'null as id', `{"id":null,${ADA}}`, rejects('id'), rejects('changes')),
  body(
    'wrong-type',
    'an overflowing number as name',
    '{"firstName":1e999,"lastName":"L"}',
    rejects('firstName'),
    rejects('firstName'),
  ),

  body(
    'prototype-keys',
    '__proto__ beside the fields',
    `{${ADA},"__proto__":{"admin":true}}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'prototype-keys',
    '__proto__ holding the fields',
    `{"__proto__":{${ADA}}}`,
    rejects('firstName'),
    rejects('changes'),
  ),
  body(
    'prototype-keys',
    'constructor.prototype',
    `{${ADA},"constructor":{"prototype":{"admin":true}}}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'prototype-keys',
    'constructor',
    `{${ADA},"constructor":{"admin":true}}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'prototype-keys',
    'prototype',
    `{${ADA},"prototype":{"admin":true}}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'prototype-keys',
    'hasOwnProperty',
    `{${ADA},"hasOwnProperty":1}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'prototype-keys',
    'toString',
    `{${ADA},"toString":"x"}`,
    rejects('person'),
    rejects('changes'),
  ),

  body(
    'json-shape',
    'a name nested 4000 arrays deep',
    `{"firstName":${nested('[', ']', 4000)},"lastName":"L"}`,
    rejects('firstName'),
    rejects('firstName'),
  ),
  body(
    'json-shape',
    'a body nested 5000 arrays deep',
    nested('[', ']', 5000),
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'json-shape',
    'an unknown field nested 2000 objects deep',
    `{${ADA},"x":${nested('{"x":', '}', 2000, '1')}}`,
    rejects('person'),
    rejects('changes'),
  ),
  body(
    'json-shape',
    'a 1 MiB name',
    `{"firstName":"${'x'.repeat(MEBIBYTE)}","lastName":"L"}`,
    rejects('firstName'),
    rejects('firstName'),
  ),
  body(
    'json-shape',
    '20000 unknown fields',
    `{${ADA},${Array.from({ length: 20_000 }, (_, i) => `"k${i}":0`).join(',')}}`,
    rejects('person'),
    rejects('changes'),
  ),
  notJson('truncated JSON', `{"firstName":"Ada","lastN`),
  notJson('an opening brace only', '{'),
  notJson('an empty body', ''),
  notJson('single quotes', "{'firstName':'Ada','lastName':'L'}"),
  notJson('a trailing comma', `{${ADA},}`),
  notJson('garbage after the JSON', `{${ADA}}garbage`),
  notJson('NaN', 'NaN'),
  notJson('a raw NUL after the JSON', `{${ADA}}\u0000`),
  notJson('a raw control character in a string', '{"firstName":"A\u0001","lastName":"L"}'),
];
