import type { NewPersonWithId } from '@cachetoggle/model';

/** The people a fresh embedded database starts with. */
export const SAMPLE_PEOPLE: readonly NewPersonWithId[] = [
  { id: 'ada', firstName: 'Ada', lastName: 'Lovelace' },
  { id: 'alan', firstName: 'Alan', lastName: 'Turing' },
  { id: 'grace', firstName: 'Grace', lastName: 'Hopper' },
  { id: 'edsger', firstName: 'Edsger', lastName: 'Dijkstra' },
  { id: 'barbara', firstName: 'Barbara', lastName: 'Liskov' },
  { id: 'tony', firstName: 'Tony', lastName: 'Hoare' },
];
