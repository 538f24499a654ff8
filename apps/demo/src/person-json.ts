import type { Person } from '@cachetoggle/model';

/** The person JSON of the API: exactly `id`, `firstName`, `lastName`, `version`. */
export interface PersonJson {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly version: number;
}

/** Copies the API's fields only, so nothing else a backend attaches ever reaches a client. */
export function toPersonJson(person: Person): PersonJson {
  return {
    id: person.id,
    firstName: person.firstName,
    lastName: person.lastName,
    version: person.version,
  };
}
