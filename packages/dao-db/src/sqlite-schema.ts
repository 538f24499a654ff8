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
 * The fleet's `useDb` mode: one row (id 1), written by the mode switch and read by every
 * process sharing the database file. `changed_at` is milliseconds since the epoch.
 */
export const sqliteServiceMode = sqliteTable('service_mode', {
  id: integer('id').primaryKey(),
  useDb: integer('use_db', { mode: 'boolean' }).notNull(),
  changedAt: integer('changed_at').notNull(),
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

/**
 * The fleet's cache topology: one row (id 1) holding the current server list (a JSON array of
 * names, sorted), its generation and key epoch, and the list and epoch it replaced. A change
 * is a conditional update on `generation`. `changed_at` is milliseconds since the epoch.
 */
export const sqliteCacheTopology = sqliteTable('cache_topology', {
  id: integer('id').primaryKey(),
  generation: integer('generation').notNull(),
  servers: text('servers').notNull(),
  epoch: integer('epoch').notNull(),
  previousServers: text('previous_servers'),
  previousEpoch: integer('previous_epoch'),
  changedAt: integer('changed_at').notNull(),
});
