import type { Person } from '@cachetoggle/model';
import type { Row } from '@libsql/client';
import { eq, inArray, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { paddedIdList } from './padded-id-list';
import { sqlitePerson as person } from './sqlite-schema';

/**
 * The reads of the hot path, as SQL text written once by drizzle from the schema (so they name
 * the migrations' columns) and run with the libsql client's `execute`: drizzle's query builder
 * costs more than the read itself on an in-process database.
 */
const builder = drizzle.mock();

/** A statement and its arguments, ready for `execute`. */
export interface SqliteStatement {
  readonly sql: string;
  readonly args: string[];
}

const columns = {
  id: person.id,
  first_name: person.firstName,
  last_name: person.lastName,
  version: person.version,
};

/** `SELECT … WHERE id = ?`, one argument. */
export const SELECT_PERSON_BY_ID: string = builder
  .select(columns)
  .from(person)
  .where(eq(person.id, sql.placeholder('id')))
  .toSQL().sql;

const selectByIdsCache = new Map<number, string>();

/** `SELECT … WHERE id IN (?, …)` for `ids` (not empty), padded as `paddedIdList` says. */
export function selectPeopleByIds(ids: string[], maxIds: number): SqliteStatement {
  const { text, values } = paddedIdList(
    ids,
    maxIds,
    selectByIdsCache,
    (padded) => builder.select(columns).from(person).where(inArray(person.id, padded)).toSQL().sql,
  );
  return { sql: text, args: values };
}

/**
 * Records in the outbox that `id` was written, if the statement just before it in the same
 * batch changed a row (`changes()`): a write that matched nothing records nothing.
 */
export const INSERT_INVALIDATION_IF_CHANGED =
  'insert into "person_invalidation" ("person_id") select ? where changes() = 1';

/** The outbox rows after a `seq`, lowest first; two arguments, the seq and the limit. */
export const SELECT_INVALIDATIONS_AFTER =
  'select "seq", "person_id" as "id" from "person_invalidation" where "seq" > ? ' +
  'order by "seq" limit ?';

/** Removes the outbox rows older than the one argument, in milliseconds, by SQLite's clock. */
export const TRIM_INVALIDATIONS =
  'delete from "person_invalidation" where "created_at" < ' +
  "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - ?";

/** A row of the selects above as the model's person. */
export function rowToPerson(row: Row): Person {
  return {
    id: row.id as string,
    firstName: row.first_name as string,
    lastName: row.last_name as string,
    version: row.version as number,
  };
}
