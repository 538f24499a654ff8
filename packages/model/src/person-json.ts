import { isPersonName, MAX_VERSION, type Person } from './person';
import { isPersonId } from './person-id';

// The one JSON spelling of a person the cache stores, and the fast ways to write and read it.

/**
 * The JSON of `p`, keys in the order id, firstName, lastName, version. Every fill and write pays
 * this, so a person with nothing JSON escapes (the common case) is spelled out directly; the
 * result is what JSON.stringify gives, which writes anything else.
 */
export function encodePerson(p: Person): string {
  const { id, firstName, lastName, version } = p;
  if (Number.isSafeInteger(version) && isPlain(id) && isPlain(firstName) && isPlain(lastName)) {
    return `{"id":"${id}","firstName":"${firstName}","lastName":"${lastName}","version":${version}}`;
  }
  return JSON.stringify({ id, firstName, lastName, version });
}

// True when JSON.stringify writes `text` as it is between quotes: no `"`, `\`, control
// character below U+0020 or surrogate (a lone one is escaped; pairs are left to JSON.stringify).
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
  }
  return true;
}

/**
 * Whether `json` is `encodePerson(p)`, mostly without JSON.stringify: in a valid person only a
 * name can need escaping, and only for `"` or `\` (the name rules exclude control characters
 * and lone surrogates); the id is plain ASCII and the version a safe integer, written as is.
 */
export function isEncodedPerson(p: Person, json: string): boolean {
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

/**
 * The person `encodePerson` writes for `id`, from `start` to the end of `json`, read without
 * JSON.parse or a second spelling (every hit pays this): the id is matched in place, the names
 * sliced out between their quotes (a name with no `"` or `\` is written as it is, and the name
 * rules exclude what else JSON escapes), the version's digits summed. Anything else (escapes
 * included) is `undefined`, for the full check to decide and give the reason; what this
 * accepts, the full check accepts too.
 */
export function readCanonicalPerson(json: string, start: number, id: string): Person | undefined {
  const idStart = start + ID_OPEN.length;
  const idEnd = idStart + id.length;
  if (
    !json.startsWith(ID_OPEN, start) ||
    !json.startsWith(id, idStart) ||
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
