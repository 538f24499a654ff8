import type { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { type WriteRecord, wallClockMs } from './operation-log';

/** Creates a row for each of `ids` and returns the creates as acknowledged writes. */
export async function seedRows(db: MysqlPersonDb, ids: readonly string[]): Promise<WriteRecord[]> {
  const seeds: WriteRecord[] = [];
  for (const id of ids) {
    const startedAt = wallClockMs();
    const row = await db.create({ id, firstName: 'Seed', lastName: 'Lseed' });
    seeds.push({
      kind: 'create',
      id,
      startedAt,
      endedAt: wallClockMs(),
      outcome: 'acked',
      lifetime: row.lastName,
      version: row.version,
    });
  }
  return seeds;
}
