import type { CacheEntry, CacheRead } from './cache-entry';
import { MISS } from './cache-entry';
import { isPersonName, MAX_VERSION, type Person } from './person';
import { isPersonId } from './person-id';

/**
 * Wire format of a cache value, version 1:
 *
 *   ct1:P:<expiresAtMs>:<person JSON>
 *   ct1:T:<expiresAtMs>
 *   ct1:L:<expiresAtMs>:<owner>
 *
 * The expiry is kept in the value because memcached counts whole seconds: a read after
 * `expiresAtMs` is a miss, so sub-second TTLs behave as asked on every store.
 */
export const CODEC_PREFIX = 'ct1:';

/** Encodes an entry that expires at `expiresAtMs` (Unix epoch, milliseconds). */
export function encodeCacheEntry(entry: CacheEntry, expiresAtMs: number): string {
  const expiry = Math.ceil(expiresAtMs);
  switch (entry.kind) {
    case 'person':
      return `${CODEC_PREFIX}P:${expiry}:${encodePerson(entry.person)}`;
    case 'tombstone':
      return `${CODEC_PREFIX}T:${expiry}`;
    case 'lease':
      return `${CODEC_PREFIX}L:${expiry}:${entry.owner}`;
  }
}

/**
 * Decodes a stored value for the person `id`. Anything this codec did not write for that id
 * (foreign bytes, another format version, truncated JSON, a person with another id, a person
 * the model would reject, or the right data spelled differently) comes back as `corrupt` with a
 * reason; it never throws. Whatever it does decode is byte for byte what `encodeCacheEntry`
 * writes for that entry. An expired entry is a `miss`.
 */
export function decodeCacheEntry(raw: string, id: string, nowMs: number = Date.now()): CacheRead {
  if (!raw.startsWith(CODEC_PREFIX)) return corrupt('not a cachetoggle v1 value');
  const kind = raw.charCodeAt(4);
  if (raw.charCodeAt(5) !== 58 /* : */) return corrupt('malformed header');
  const expiryEnd = raw.indexOf(':', 6);
  const expiryText = expiryEnd === -1 ? raw.slice(6) : raw.slice(6, expiryEnd);
  const expiresAt = parseExpiry(expiryText);
  if (expiresAt === undefined) return corrupt('malformed expiry');
  const body = expiryEnd === -1 ? undefined : raw.slice(expiryEnd + 1);
  let read: CacheRead;
  switch (kind) {
    case 80 /* P */:
      read = body === undefined ? corrupt('missing person') : decodePerson(body, id);
      break;
    case 84 /* T */:
      read = body === undefined ? { kind: 'tombstone' } : corrupt('tombstone with a body');
      break;
    case 76 /* L */:
      read = body ? { kind: 'lease', owner: body } : corrupt('lease without an owner');
      break;
    default:
      return corrupt('unknown entry kind');
  }
  if (read.kind !== 'corrupt' && expiresAt <= nowMs) return MISS;
  return read;
}

// Digits as `encodeCacheEntry` writes them: no leading zero, exact as a double. Summed digit by
// digit: below 2^53 that is exact, and cheaper than spelling the number back (every read pays it).
function parseExpiry(text: string): number | undefined {
  if (text.length === 0 || text.length > 16) return undefined;
  let expiry = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    expiry = expiry * 10 + digit;
  }
  if (expiry <= Number.MAX_SAFE_INTEGER) {
    return text.length === 1 || text.charCodeAt(0) !== 48 ? expiry : undefined;
  }
  const exact = Number(text);
  return String(exact) === text ? exact : undefined;
}

function decodePerson(json: string, id: string): CacheRead {
  const canonical = readCanonicalPerson(json, id);
  if (canonical !== undefined) return { kind: 'person', person: canonical };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return corrupt('person is not valid JSON');
  }
  if (!isStoredPerson(value)) return corrupt('person has the wrong shape');
  if (value.id !== id) return corrupt('person stored under another id');
  // Keys in another order, white space, escapes: the right data, but not written by us.
  if (!isEncodedPerson(value, json)) return corrupt('person not in the form this codec writes');
  return { kind: 'person', person: value };
}

// `encodePerson(p) === json`, mostly without JSON.stringify: in a valid person only a name can
// need escaping, and only for `"` or `\` (the name rules exclude control characters and lone
// surrogates); the id is plain ASCII and the version a safe integer, written as they are.
function isEncodedPerson(p: Person, json: string): boolean {
  if (NEEDS_ESCAPE.test(p.firstName) || NEEDS_ESCAPE.test(p.lastName)) {
    return encodePerson(p) === json;
  }
  return (
    json ===
    `{"id":"${p.id}","firstName":"${p.firstName}","lastName":"${p.lastName}","version":${p.version}}`
  );
}

const NEEDS_ESCAPE = /["\\]/;

const ID_OPEN = '{"id":"';
const FIRST_NAME_OPEN = '","firstName":"';
const LAST_NAME_OPEN = '","lastName":"';
const VERSION_OPEN = '","version":';

// Every hit pays this, so the person `encodePerson` writes for `id` is read without JSON.parse
// or a second spelling: the id is matched in place, the names sliced out between their quotes
// (a name with no `"` or `\` is written as it is, and the name rules exclude what else JSON
// escapes), the version's digits summed. Anything else (escapes included) is `undefined`, and
// the full check below decides and gives the reason; what this accepts, that accepts too.
function readCanonicalPerson(json: string, id: string): Person | undefined {
  const idEnd = ID_OPEN.length + id.length;
  if (
    !json.startsWith(ID_OPEN) ||
    !json.startsWith(id, ID_OPEN.length) ||
    !json.startsWith(FIRST_NAME_OPEN, idEnd)
  ) {
    return undefined;
  }
  const firstStart = idEnd + FIRST_NAME_OPEN.length;
  const firstEnd = json.indexOf('"', firstStart);
  if (firstEnd === -1 || !json.startsWith(LAST_NAME_OPEN, firstEnd)) return undefined;
  const lastStart = firstEnd + LAST_NAME_OPEN.length;
  const lastEnd = json.indexOf('"', lastStart);
  if (lastEnd === -1 || !json.startsWith(VERSION_OPEN, lastEnd)) return undefined;
  const end = json.length - 1;
  if (json.charCodeAt(end) !== 125 /* } */) return undefined;
  const version = readVersion(json, lastEnd + VERSION_OPEN.length, end);
  if (version === undefined || !isPersonId(id)) return undefined;
  const firstName = json.slice(firstStart, firstEnd);
  const lastName = json.slice(lastStart, lastEnd);
  if (firstName.includes('\\') || lastName.includes('\\')) return undefined;
  if (!isPersonName(firstName) || !isPersonName(lastName)) return undefined;
  return { id, firstName, lastName, version };
}

// A version as JSON.stringify writes it: 1 to 10 digits, no leading zero, within the column.
function readVersion(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 1 || length > 10 || text.charCodeAt(start) === 48 /* 0 */) return undefined;
  let version = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    version = version * 10 + digit;
  }
  return version <= MAX_VERSION ? version : undefined;
}

function encodePerson(p: Person): string {
  return JSON.stringify({
    id: p.id,
    firstName: p.firstName,
    lastName: p.lastName,
    version: p.version,
  });
}

// Anyone can write to memcached, so the person is checked against the model's rules, not
// trusted for having been validated before it was written.
function isStoredPerson(value: unknown): value is Person {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  return (
    keys.length === 4 &&
    isPersonId(v.id) &&
    isPersonName(v.firstName) &&
    isPersonName(v.lastName) &&
    typeof v.version === 'number' &&
    Number.isInteger(v.version) &&
    v.version >= 1 &&
    v.version <= MAX_VERSION
  );
}

function corrupt(reason: string): CacheRead {
  return { kind: 'corrupt', reason };
}
