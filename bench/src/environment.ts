import { randomBytes } from 'node:crypto';
import type { Person } from '@cachetoggle/model';
import { createTestDatabase, type TestDatabase } from '@cachetoggle/testing/mariadb';
import { type MemcachedProcess, startMemcached } from '@cachetoggle/testing/memcached';
import mysql from 'mysql2/promise';

/** The servers and the data of one benchmark run, owned by that run. */
export interface BenchEnvironment {
  /** `host:port[,…]` of the memcached this run uses. */
  readonly servers: string;
  /** Where the servers came from, for the report. */
  readonly serversOrigin: string;
  /** `mysql://…/<db>` of the database created for this run. */
  readonly databaseUrl: string;
  /** The people seeded into the database, in id order. */
  readonly people: readonly Person[];
  /**
   * A key namespace no earlier part of the run used: every person is cold under it. The run's
   * own prefix keeps it apart from other runs sharing a memcached given by MEMCACHE_SERVERS.
   */
  freshNamespace(label: string): string;
  /** Drops the database and stops the memcached this run started. */
  close(): Promise<void>;
}

/** The id of the `i`-th seeded person. */
export function seededId(i: number): string {
  return `p${String(i).padStart(7, '0')}`;
}

/** An id no seeded person has (a read of it finds nothing in the database). */
export function absentId(i: number): string {
  return `absent-${i}`;
}

function seededPerson(i: number): Person {
  return { id: seededId(i), firstName: `Ada${i}`, lastName: `Lovelace-Byron ${i}`, version: 1 };
}

/**
 * Starts a private memcached (or uses MEMCACHE_SERVERS), creates an empty database, lets
 * `migrate` create the schema in it, and seeds `count` people.
 */
export async function openEnvironment(
  count: number,
  migrate: (databaseUrl: string) => Promise<void>,
): Promise<BenchEnvironment> {
  const given = process.env.MEMCACHE_SERVERS?.trim();
  let memcached: MemcachedProcess | undefined;
  let database: TestDatabase | undefined;
  try {
    if (!given) memcached = await startMemcached({ memoryMb: 512 });
    database = await createTestDatabase('ct_bench');
    await migrate(database.url);
    const people = await seed(database.url, count);
    const run = `ct-bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    let namespaces = 0;
    const db = database;
    return {
      servers: given || (memcached as MemcachedProcess).servers,
      serversOrigin: given ? 'MEMCACHE_SERVERS' : 'private memcached started by the run',
      databaseUrl: db.url,
      people,
      freshNamespace: (label) => `${run}.${label}.${namespaces++}`,
      close: async () => {
        await db.drop();
        await memcached?.stop();
      },
    };
  } catch (error) {
    await database?.drop();
    await memcached?.stop();
    throw error;
  }
}

async function seed(databaseUrl: string, count: number): Promise<Person[]> {
  const people = Array.from({ length: count }, (_, i) => seededPerson(i));
  const conn = await mysql.createConnection({ uri: databaseUrl, charset: 'UTF8MB4_UNICODE_CI' });
  try {
    for (let start = 0; start < count; start += 1000) {
      const rows = people
        .slice(start, start + 1000)
        .map((p) => [p.id, p.firstName, p.lastName, p.version]);
      await conn.query('INSERT INTO person (id, first_name, last_name, version) VALUES ?', [rows]);
    }
  } finally {
    await conn.end();
  }
  return people;
}
