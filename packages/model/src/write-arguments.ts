import { type NewPersonWithId, parseNewPerson, parseVersion } from './person';
import { parsePersonId } from './person-id';

/** The input of a `PersonDb.create`: a valid new person whose id is given (field `id`). */
export function parseNewPersonWithId(input: unknown): NewPersonWithId {
  const person = parseNewPerson(input);
  return { id: parsePersonId(person.id), firstName: person.firstName, lastName: person.lastName };
}

/** The optional `expectedVersion` of an update or delete: absent, or a valid version. */
export function parseExpectedVersion(expectedVersion: unknown): number | undefined {
  return expectedVersion === undefined
    ? undefined
    : parseVersion(expectedVersion, 'expectedVersion');
}
