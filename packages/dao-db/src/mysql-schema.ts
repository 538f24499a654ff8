import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  int,
  mediumtext,
  mysqlTable,
  timestamp,
  tinyint,
} from 'drizzle-orm/mysql-core';

/**
 * Person ids are ASCII by the model's rules, so `ascii_bin` compares them byte for byte
 * (MariaDB's default collations would make 'a', 'A' and 'a ' one key). `ascii_bin` pads
 * spaces, but an id can never contain one. drizzle's `varchar` cannot name a collation, so
 * the column type is spelled out here and drizzle-kit writes it into the migration.
 */
const personIdColumn = customType<{ data: string; driverData: string; notNull: true }>({
  dataType: () => 'varchar(64) CHARACTER SET ascii COLLATE ascii_bin',
});

/**
 * Names are stored exactly as given: `utf8mb4` holds every code point (emoji included)
 * whatever the server's default character set is, and `utf8mb4_bin` never folds case or
 * accents. `varchar(100)` counts characters, which is the model's limit in code points.
 */
const personNameColumn = customType<{ data: string; driverData: string; notNull: true }>({
  dataType: () => 'varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
});

/** The `person` table on MySQL/MariaDB. */
export const mysqlPerson = mysqlTable('person', {
  id: personIdColumn('id').primaryKey(),
  firstName: personNameColumn('first_name').notNull(),
  lastName: personNameColumn('last_name').notNull(),
  version: int('version').notNull().default(1),
});

/**
 * The fleet's `useDb` mode: one row (id 1), written by the mode switch and read by every
 * process. `changed_at` is milliseconds since the epoch by the database server's clock, so
 * every process reports the same time for one change.
 */
export const mysqlServiceMode = mysqlTable('service_mode', {
  id: tinyint('id').primaryKey(),
  useDb: boolean('use_db').notNull(),
  changedAt: bigint('changed_at', { mode: 'number' }).notNull(),
});

/**
 * The outbox of invalidations: one row per committed write, inserted in the write's own
 * transaction, so a commit and its record of "this id changed" cannot part. `seq` orders the
 * rows for the processes that follow the table; `created_at` (the server's clock) is what old
 * rows are trimmed by.
 */
export const mysqlPersonInvalidation = mysqlTable(
  'person_invalidation',
  {
    seq: bigint('seq', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    personId: personIdColumn('person_id').notNull(),
    createdAt: timestamp('created_at', { fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (table) => [index('person_invalidation_created_at').on(table.createdAt)],
);

/**
 * The fleet's cache topology: one row (id 1) holding the current server list (a JSON array of
 * names, sorted; `mediumtext`, as the longest list allowed exceeds `text`'s 64 KiB), its
 * generation and key epoch, and the list and epoch it replaced. A change is a conditional
 * update on `generation`, so concurrent proposals never overwrite each other. `changed_at` is
 * milliseconds since the epoch by the database server's clock.
 */
export const mysqlCacheTopology = mysqlTable('cache_topology', {
  id: tinyint('id').primaryKey(),
  generation: int('generation').notNull(),
  servers: mediumtext('servers').notNull(),
  epoch: int('epoch').notNull(),
  previousServers: mediumtext('previous_servers'),
  previousEpoch: int('previous_epoch'),
  changedAt: bigint('changed_at', { mode: 'number' }).notNull(),
});
