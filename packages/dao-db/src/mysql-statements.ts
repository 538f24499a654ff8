import type { Person, PersonChanges } from '@cachetoggle/model';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import type { RowDataPacket } from 'mysql2';
import type { SqlValue } from './bounded-mysql-pool';
import { mysqlPersonInvalidation as invalidation, mysqlPerson as person } from './mysql-schema';
import { paddedIdList } from './padded-id-list';

/**
 * drizzle writes the SQL from the schema, so statements and migrations name the same
 * columns; mysql2 runs it as a prepared statement under the pool's time limits (drizzle's
 * own runner would send values through client-side escaping, with no time limit per call).
 */
const builder = drizzle.mock();

/** A statement and its values, ready for `execute`. */
export interface Statement {
  readonly sql: string;
  readonly values: SqlValue[];
}

/** A `person` row as mysql2 returns it for the selects below. */
export interface PersonRow extends RowDataPacket {
  id: string;
  first_name: string;
  last_name: string;
  version: number;
}

const columns = {
  id: person.id,
  first_name: person.firstName,
  last_name: person.lastName,
  version: person.version,
};

/** `SELECT … WHERE id = ?`, the hot path: built once, one value. */
export const SELECT_PERSON_BY_ID: string = builder
  .select(columns)
  .from(person)
  .where(eq(person.id, sql.placeholder('id')))
  .toSQL().sql;

const selectByIdsCache = new Map<number, string>();

/** `SELECT … WHERE id IN (?, …)` for `ids`, padded as `paddedIdList` says. */
export function selectPeopleByIds(ids: string[], maxIds: number): Statement {
  const { text, values } = paddedIdList(
    ids,
    maxIds,
    selectByIdsCache,
    (padded) => builder.select(columns).from(person).where(inArray(person.id, padded)).toSQL().sql,
  );
  return { sql: text, values };
}

/** Inserts a person at version 1. */
export function insertPerson(p: Person): Statement {
  return toStatement(builder.insert(person).values(p).toSQL());
}

/** Applies `changes` and increments the version, only if the version is `expectedVersion`. */
export function updatePerson(
  id: string,
  changes: PersonChanges,
  expectedVersion: number | undefined,
): Statement {
  const query = builder
    .update(person)
    .set({
      firstName: changes.firstName,
      lastName: changes.lastName,
      version: sql`${person.version} + 1`,
    })
    .where(matching(id, expectedVersion));
  return toStatement(query.toSQL());
}

/** Deletes a person, only if the version is `expectedVersion`. */
export function deletePerson(id: string, expectedVersion: number | undefined): Statement {
  return toStatement(builder.delete(person).where(matching(id, expectedVersion)).toSQL());
}

/** Records in the outbox that `id` was written; run in the write's transaction. */
export function insertInvalidation(id: string): Statement {
  return toStatement(builder.insert(invalidation).values({ personId: id }).toSQL());
}

/** An outbox row as `readInvalidations` selects it. */
export interface InvalidationRow extends RowDataPacket {
  seq: number;
  id: string;
}

/** The outbox rows after a `seq`, lowest first; the limit is a checked integer, written inline. */
export function selectInvalidationsAfter(afterSeq: number, limit: number): Statement {
  return {
    sql:
      'select `seq`, `person_id` as `id` from `person_invalidation` where `seq` > ? ' +
      `order by \`seq\` limit ${limit}`,
    values: [afterSeq],
  };
}

/**
 * Removes outbox rows older than `olderThanMs` by the server's clock, a bounded number per
 * statement so a long backlog never holds locks for long; the next trim takes the rest.
 */
export function trimInvalidations(olderThanMs: number): Statement {
  return {
    sql:
      'delete from `person_invalidation` where `created_at` < ' +
      'CURRENT_TIMESTAMP(3) - INTERVAL ? MICROSECOND limit 10000',
    values: [olderThanMs * 1000],
  };
}

/** A row as the model's person. */
export function toPerson(row: PersonRow): Person {
  return { id: row.id, firstName: row.first_name, lastName: row.last_name, version: row.version };
}

function matching(id: string, expectedVersion: number | undefined): SQL | undefined {
  const byId = eq(person.id, id);
  return expectedVersion === undefined ? byId : and(byId, eq(person.version, expectedVersion));
}

// The parameters are the validated strings and numbers given to the builder above.
function toStatement(query: { sql: string; params: unknown[] }): Statement {
  return { sql: query.sql, values: query.params as SqlValue[] };
}
