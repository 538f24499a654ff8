import type { ForeignCacheValue } from './hostile-input';

const text = (
  label: string,
  make: (id: string, expiresAtMs: number) => string,
): ForeignCacheValue => ({
  label,
  bytes: (id, expiresAtMs) => Buffer.from(make(id, expiresAtMs), 'utf8'),
});

const person = (id: string) => ({ id, firstName: 'Mallory', lastName: 'Foreign', version: 1 });

/**
 * Values in memcached under a person's key that cachetoggle did not write there: another
 * application's bytes, other formats and versions, broken and wrong-shaped JSON.
 */
export const FOREIGN_CACHE_VALUES: readonly ForeignCacheValue[] = [
  text('another application’s text', () => 'hello from another app'),
  {
    label: 'bytes that are not UTF-8',
    bytes: () => Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xa0, 0xa1]),
  },
  { label: 'an empty value', bytes: () => Buffer.alloc(0) },
  text('a PHP-serialised array', () => 'a:1:{s:2:"id";s:3:"ada";}'),
  text('a keyv JSON envelope', (id) =>
    JSON.stringify({ value: JSON.stringify(person(id)), expires: null }),
  ),
  text('the bare person JSON', (id) => JSON.stringify(person(id))),
  text('an old format version', (id, exp) => `ct0:P:${exp}:${JSON.stringify(person(id))}`),
  text('a future format version', (id, exp) => `ct2:P:${exp}:${JSON.stringify(person(id))}`),
  text('truncated JSON', (id, exp) => `ct1:P:${exp}:${JSON.stringify(person(id)).slice(0, 20)}`),
  text('JSON of the wrong shape', (id, exp) => `ct1:P:${exp}:{"id":"${id}"}`),
  text('an array', (id, exp) => `ct1:P:${exp}:["${id}","Mallory","Foreign",1]`),
  text(
    'a person with an extra field',
    (id, exp) => `ct1:P:${exp}:${JSON.stringify({ ...person(id), admin: true })}`,
  ),
  text(
    'a person stored under another id',
    (_, exp) => `ct1:P:${exp}:${JSON.stringify(person('somebody-else'))}`,
  ),
  text(
    'a version that is a string',
    (id, exp) => `ct1:P:${exp}:${JSON.stringify({ ...person(id), version: '1' })}`,
  ),
  text(
    'a version of zero',
    (id, exp) => `ct1:P:${exp}:${JSON.stringify({ ...person(id), version: 0 })}`,
  ),
  text(
    'a name with control characters',
    (id, exp) =>
      `ct1:P:${exp}:${JSON.stringify({ ...person(id), firstName: 'Mal\r\nlory\u0000' })}`,
  ),
  text(
    'a name with a lone surrogate',
    (id, exp) => `ct1:P:${exp}:${JSON.stringify({ ...person(id), lastName: 'Fo\ud800' })}`,
  ),
  text(
    'an empty name',
    (id, exp) => `ct1:P:${exp}:${JSON.stringify({ ...person(id), firstName: '' })}`,
  ),
  text(
    'a name of white space only',
    (id, exp) => `ct1:P:${exp}:${JSON.stringify({ ...person(id), firstName: '   ' })}`,
  ),
  text('a prototype-pollution payload', (_, exp) => `ct1:P:${exp}:{"__proto__":{"admin":true}}`),
  text('an unknown entry kind', (_, exp) => `ct1:X:${exp}`),
  text('a malformed expiry', () => 'ct1:T:soon'),
  text('a tombstone with a body', (_, exp) => `ct1:T:${exp}:x`),
  text('a lease without an owner', (_, exp) => `ct1:L:${exp}:`),
  text('a header only', () => 'ct1:'),
  text('half a megabyte of foreign text', () => 'z'.repeat(512 * 1024)),
];
