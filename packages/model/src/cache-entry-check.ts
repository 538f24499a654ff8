import type { CacheEntry } from './cache-entry';
import { ValidationError } from './errors';
import { isPersonName, MAX_VERSION, parsePerson } from './person';
import { isPersonId } from './person-id';

/**
 * Returns `entry` if the codec will read it back as written under the key of `id`; otherwise
 * throws a `ValidationError` (field `entry`, or the person's field). Every cache checks this
 * before it stores: a person must be valid (an id such as "Zoë" is not) and carry the id it is
 * cached under, a lease needs an owner. Anything else would be stored and then read as
 * `corrupt` forever.
 */
export function parseCacheEntry(id: string, entry: CacheEntry): CacheEntry {
  switch (entry?.kind) {
    case 'person': {
      const { person } = entry;
      if (typeof person !== 'object' || person === null) {
        throw new ValidationError('entry', 'a person entry needs a person');
      }
      if (!isValidPerson(person)) parsePerson(person);
      if (person.id !== id) {
        throw new ValidationError('entry', 'the person must have the id it is cached under');
      }
      return entry;
    }
    case 'lease':
      if (typeof entry.owner !== 'string' || entry.owner.length === 0) {
        throw new ValidationError('entry', 'a lease needs a non-empty owner');
      }
      return entry;
    case 'tombstone':
      return entry;
    default:
      throw new ValidationError('entry', 'must be a person, tombstone or lease entry');
  }
}

// The schema's rules without zod (every set runs this); parsePerson then names what is wrong.
function isValidPerson(person: object): boolean {
  const { id, firstName, lastName, version, ...rest } = person as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    isPersonId(id) &&
    isPersonName(firstName) &&
    isPersonName(lastName) &&
    Number.isInteger(version) &&
    (version as number) >= 1 &&
    (version as number) <= MAX_VERSION
  );
}
