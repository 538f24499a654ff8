import type { CacheEntry, CacheRead } from './cache-entry';
import { MISS } from './cache-entry';
import { isPersonName, MAX_VERSION, type Person } from './person';
import { isPersonId } from './person-id';
import { encodePerson, isEncodedPerson, readCanonicalPerson } from './person-json';

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
  // Read in place, by offsets: every hit decodes, and slices cost more than the checks.
  const expiryEnd = raw.indexOf(':', 6);
  const expiresAt = parseExpiry(raw, 6, expiryEnd === -1 ? raw.length : expiryEnd);
  if (expiresAt === undefined) return corrupt('malformed expiry');
  const hasBody = expiryEnd !== -1;
  const bodyStart = expiryEnd + 1;
  let read: CacheRead;
  switch (kind) {
    case 80 /* P */:
      read = hasBody ? decodePerson(raw, bodyStart, id) : corrupt('missing person');
      break;
    case 84 /* T */:
      read = hasBody ? corrupt('tombstone with a body') : { kind: 'tombstone' };
      break;
    case 76 /* L */:
      read =
        hasBody && bodyStart < raw.length
          ? { kind: 'lease', owner: raw.slice(bodyStart) }
          : corrupt('lease without an owner');
      break;
    default:
      return corrupt('unknown entry kind');
  }
  if (read.kind !== 'corrupt' && expiresAt <= nowMs) return MISS;
  return read;
}

// Digits as `encodeCacheEntry` writes them: no leading zero, exact as a double. Summed digit by
// digit: below 2^53 that is exact, and cheaper than spelling the number back (every read pays it).
function parseExpiry(raw: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length === 0 || length > 16) return undefined;
  let expiry = 0;
  for (let i = start; i < end; i++) {
    const digit = raw.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    expiry = expiry * 10 + digit;
  }
  if (expiry <= Number.MAX_SAFE_INTEGER) {
    return length === 1 || raw.charCodeAt(start) !== 48 ? expiry : undefined;
  }
  const text = raw.slice(start, end);
  const exact = Number(text);
  return String(exact) === text ? exact : undefined;
}

// The person JSON that starts at `start` in `raw`.
function decodePerson(raw: string, start: number, id: string): CacheRead {
  const canonical = readCanonicalPerson(raw, start, id);
  if (canonical !== undefined) return { kind: 'person', person: canonical };
  const json = raw.slice(start);
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
