import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
