import type mysql from 'mysql2/promise';

/**
 * MariaDB's server-wide count of SELECTs (prepared executes included). Other sessions on the
 * server add to it, so a delta is an upper bound; the DAO's own counter is the exact figure.
 */
export async function readComSelect(pool: mysql.Pool): Promise<number> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Com_select'");
  return Number(rows[0]?.Value);
}
