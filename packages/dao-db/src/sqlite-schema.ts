import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The `person` table on SQLite. TEXT columns compare with the BINARY collation, byte for
 * byte, so ids that differ in case or trailing characters are distinct keys.
 */
export const sqlitePerson = sqliteTable('person', {
  id: text('id').primaryKey(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  version: integer('version').notNull().default(1),
});

/**
 * The outbox of invalidations: one row per committed write, inserted in the write's own
 * transaction. `seq` orders the rows for the processes that follow the table (AUTOINCREMENT,
 * so a trimmed number is never handed out again); `created_at` is milliseconds since the epoch
 * by SQLite's clock, what old rows are trimmed by.
 */
export const sqlitePersonInvalidation = sqliteTable(
  'person_invalidation',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    personId: text('person_id').notNull(),
    createdAt: integer('created_at')
      .notNull()
      .default(sql`(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))`),
  },
  (table) => [index('person_invalidation_created_at').on(table.createdAt)],
);
