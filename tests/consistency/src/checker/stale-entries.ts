import type { CacheRead, Person, PersonCache, PersonDb } from '@cachetoggle/model';

/** A cache entry that disagrees with the database. */
export interface StaleEntry {
  readonly id: string;
  /** What the cache holds. */
  readonly cached: CacheRead;
  /** The row, or `undefined` when the person does not exist. */
  readonly row: Person | undefined;
}

/**
 * Reads every id's raw cache entry and its row and returns the entries that disagree: a person
 * whose version or names differ from the row, a person that the database no longer has, a
 * tombstone for a person that exists, or a value that does not decode. Misses and leases agree
 * with anything (a reader that finds either goes to the database).
 */
export async function findStaleEntries(
  cache: PersonCache,
  db: PersonDb,
  ids: readonly string[],
): Promise<StaleEntry[]> {
  const [cached, rows] = await Promise.all([cache.getMany(ids), db.getMany(ids)]);
  const stale: StaleEntry[] = [];
  for (const id of ids) {
    const entry = cached.get(id);
    const row = rows.get(id);
    if (entry && !agrees(entry, row)) stale.push({ id, cached: entry, row });
  }
  return stale;
}

function agrees(entry: CacheRead, row: Person | undefined): boolean {
  switch (entry.kind) {
    case 'miss':
    case 'lease':
      return true;
    case 'tombstone':
      return row === undefined;
    case 'person':
      return (
        row !== undefined &&
        entry.person.version === row.version &&
        entry.person.firstName === row.firstName &&
        entry.person.lastName === row.lastName
      );
    case 'corrupt':
      return false;
  }
}
