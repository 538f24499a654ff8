import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/** A database created for one test run. */
export interface TestDatabase {
  /** `mysql://…/<name>`, for `MysqlPersonDb.open`. */
  readonly url: string;
  readonly name: string;
  /** Drops the database. Idempotent. */
  drop(): Promise<void>;
}

const DEFAULT_SERVER_URL = 'mysql://root@127.0.0.1:3306/test';

/**
 * The server the tests may create databases on: CACHETOGGLE_TEST_DATABASE_URL, else DATABASE_URL,
 * else the local MariaDB. Only its host, port and credentials are used; its database is never touched.
 */
export function testServerUrl(): URL {
  return new URL(
    process.env.CACHETOGGLE_TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_SERVER_URL,
  );
}

function describeServer(url: URL): string {
  return `${url.hostname}:${url.port || 3306}`;
}

/** Opens an admin connection to the test server, or fails with what is missing and how to fix it. */
export async function connectToTestServer(): Promise<mysql.Connection> {
  const url = testServerUrl();
  try {
    return await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      connectTimeout: 5000,
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new Error(
      `MySQL/MariaDB is not reachable at ${describeServer(url)} (${code}). Start it (on Debian: ` +
        '`start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd`) or set ' +
        'CACHETOGGLE_TEST_DATABASE_URL=mysql://user:pass@host:port/db to a server where the user may CREATE DATABASE.',
    );
  }
}

/** Creates an empty utf8mb4 database with a name no other run uses. */
export async function createTestDatabase(prefix = 'ct_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await connectToTestServer();
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const url = testServerUrl();
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      const conn = await connectToTestServer();
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}
