import type { NewPersonWithId, Person, PersonDb } from '@cachetoggle/model';
import mysql from 'mysql2/promise';

/** Rows every runner creates first; no rejected input may change them. */
export const CANARIES: readonly NewPersonWithId[] = [
  { id: 'canary-1', firstName: 'Ada', lastName: 'Lovelace' },
  { id: 'canary-2', firstName: "Robert'); DROP TABLE person;--", lastName: "O'Brien \u{1f600}" },
  { id: 'canary-3', firstName: 'Zo\u00eb', lastName: '\u05e2\u05d1\u05e8\u05d9\u05ea' },
];

/** The ids of `CANARIES`. */
export const CANARY_IDS: readonly string[] = CANARIES.map((c) => c.id);

/** Creates the canaries through `db` (a DAO or the service) and returns them as stored. */
export async function plantCanaries(db: Pick<PersonDb, 'create'>): Promise<Person[]> {
  const stored: Person[] = [];
  for (const canary of CANARIES) stored.push(await db.create(canary));
  return stored;
}

/** Reads the `person` table with a connection of its own, not through the DAO under test. */
export interface PersonTableReader {
  /** Every row, in id order. */
  rows(): Promise<Person[]>;
  close(): Promise<void>;
}

/** Opens a `PersonTableReader` on the MySQL database at `url`. */
export async function openPersonTableReader(url: string): Promise<PersonTableReader> {
  const connection = await mysql.createConnection({ uri: url, charset: 'UTF8MB4_UNICODE_CI' });
  return {
    async rows() {
      const [rows] = await connection.query<mysql.RowDataPacket[]>(
        'SELECT id, first_name, last_name, version FROM person ORDER BY id',
      );
      return rows.map((row) => ({
        id: row.id,
        firstName: row.first_name,
        lastName: row.last_name,
        version: row.version,
      }));
    },
    close: () => connection.end(),
  };
}
