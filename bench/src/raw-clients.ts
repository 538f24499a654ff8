import type { Person } from '@cachetoggle/model';
import memjs from 'memjs';
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

/** A mysql2 pool of `POOL_SIZE` connections to the run's database. */
export function openRawPool(databaseUrl: string): mysql.Pool {
  return mysql.createPool({
    uri: databaseUrl,
    connectionLimit: POOL_SIZE,
    charset: 'UTF8MB4_UNICODE_CI',
  });
}

let rawSelects = 0;

/** How many `rawSelectPerson` queries this process has sent. */
export function rawSelectCount(): number {
  return rawSelects;
}

/** The hand-written read by primary key: a prepared `execute`, the row mapped by hand. */
export async function rawSelectPerson(pool: mysql.Pool, id: string): Promise<Person | undefined> {
  rawSelects++;
  const [rows] = await pool.execute<mysql.RowDataPacket[]>(RAW_SELECT_BY_ID, [id]);
  const row = rows[0] as RawPersonRow | undefined;
  if (row === undefined) return undefined;
  return { id: row.id, firstName: row.first_name, lastName: row.last_name, version: row.version };
}

/** The part of a cachetoggle cache value that is the person's JSON (after `ct1:P:<expiry>:`). */
export function personJsonOf(value: string): string {
  return value.slice(value.indexOf(':', 6) + 1);
}
