import { encodeCacheEntry, type Person } from '@cachetoggle/model';
import memjs from 'memjs';
import mysqlCallbacks from 'mysql2';
import mysql from 'mysql2/promise';

/** Connections per pool, the same for the raw baseline and cachetoggle's `MysqlPersonDb`. */
export const POOL_SIZE = 10;

/** The primary-key lookup a hand-written application would send. */
export const RAW_SELECT_BY_ID =
  'SELECT id, first_name, last_name, version FROM person WHERE id = ?';

/** A `person` row as mysql2 returns it for `RAW_SELECT_BY_ID`. */
export interface RawPersonRow {
  id: string;
  first_name: string;
  last_name: string;
  version: number;
}

/** A memjs client as an application would create it: one connection per server. */
export function openMemjs(servers: string): memjs.Client {
  return memjs.Client.create(servers, { retries: 1, logger: { log: () => {} } });
}

/**
 * A mysql2 promise pool of `POOL_SIZE` connections to the run's database. `trace` is mysql2's
 * own option (on by default): with it on, every promise call captures a stack trace, which a
 * tuned application turns off.
 */
export function openRawPool(databaseUrl: string, options: { trace?: boolean } = {}): mysql.Pool {
  return mysql.createPool({
    uri: databaseUrl,
    connectionLimit: POOL_SIZE,
    charset: 'UTF8MB4_UNICODE_CI',
    trace: options.trace ?? true,
  });
}

/** A mysql2 pool for the callback API (no promise wrapper, no stack capture), `POOL_SIZE` connections. */
export function openCallbackPool(databaseUrl: string): mysqlCallbacks.Pool {
  return mysqlCallbacks.createPool({
    uri: databaseUrl,
    connectionLimit: POOL_SIZE,
    charset: 'UTF8MB4_UNICODE_CI',
    trace: false,
  });
}

let rawSelects = 0;

/** How many raw primary-key selects (`rawSelectPerson`, `callbackSelectPerson`) this process has sent. */
export function rawSelectCount(): number {
  return rawSelects;
}

function personOf(rows: mysql.RowDataPacket[]): Person | undefined {
  const row = rows[0] as RawPersonRow | undefined;
  if (row === undefined) return undefined;
  return { id: row.id, firstName: row.first_name, lastName: row.last_name, version: row.version };
}

/** The hand-written read by primary key: a prepared `execute`, the row mapped by hand. */
export async function rawSelectPerson(pool: mysql.Pool, id: string): Promise<Person | undefined> {
  rawSelects++;
  const [rows] = await pool.execute<mysql.RowDataPacket[]>(RAW_SELECT_BY_ID, [id]);
  return personOf(rows);
}

/** `rawSelectPerson` on the callback API, promised by hand. */
export function callbackSelectPerson(
  pool: mysqlCallbacks.Pool,
  id: string,
): Promise<Person | undefined> {
  rawSelects++;
  return new Promise((resolve, reject) => {
    pool.execute<mysql.RowDataPacket[]>(RAW_SELECT_BY_ID, [id], (error, rows) => {
      if (error) reject(error);
      else resolve(personOf(rows));
    });
  });
}

/** The part of a cachetoggle cache value that is the person's JSON (after `ct1:P:<expiry>:`). */
export function personJsonOf(value: string): string {
  return value.slice(value.indexOf(':', 6) + 1);
}

/**
 * The bytes cachetoggle stores for `person`, for a baseline to store under keys of its own: the
 * baselines read the same values without depending on where cachetoggle places its keys.
 */
export function cachedValueOf(person: Person, ttlMs: number): string {
  return encodeCacheEntry({ kind: 'person', person }, Date.now() + ttlMs);
}

/** A key of a baseline's own namespace, in the form cachetoggle's key scheme gives a plain id. */
export function baselineKey(namespace: string, id: string): string {
  return `${namespace}:${id}`;
}
