import type { Person } from '@cachetoggle/model';
import { CLOCK_SLACK_MS, type WriteRecord } from './operation-log';

/** A write the caller saw succeed whose effect the database does not hold. */
export interface LostWrite {
  readonly id: string;
  readonly reason: string;
  readonly write?: WriteRecord;
}

/**
 * Compares the writes the workers saw acknowledged with the final rows. Per id:
 * 1. Two acknowledged writes of one lifetime with the same version: one overwrote the other
 *    without the version check, so one is lost.
 * 2. An acknowledged write of the final row's lifetime with a higher version than the row, or
 *    with the row's version but other content: the row went back in time.
 * 3. The final state (row or no row) is not the effect of any write that may have come last
 *    (one that no acknowledged write began strictly after): the last write is lost, or
 *    something wrote that nobody asked for.
 * Rejected writes have no effect; writes with an unknown outcome may have any of theirs.
 * The seed rows must be given as acknowledged creates.
 */
export function findLostWrites(
  writes: readonly WriteRecord[],
  finalRows: ReadonlyMap<string, Person>,
): LostWrite[] {
  const byId = new Map<string, WriteRecord[]>();
  for (const write of writes) {
    if (write.outcome === 'rejected') continue;
    const list = byId.get(write.id);
    if (list) list.push(write);
    else byId.set(write.id, [write]);
  }
  const lost: LostWrite[] = [];
  for (const [id, list] of byId) lost.push(...lostWritesOfId(id, list, finalRows.get(id)));
  for (const id of finalRows.keys()) {
    if (!byId.has(id)) lost.push({ id, reason: 'a row exists that no write created' });
  }
  return lost;
}

function lostWritesOfId(
  id: string,
  writes: readonly WriteRecord[],
  final: Person | undefined,
): LostWrite[] {
  const lost: LostWrite[] = [];
  const seen = new Set<string>();
  for (const write of writes) {
    if (write.outcome !== 'acked' || write.kind === 'delete') continue;
    const key = `${write.lifetime}#${write.version}`;
    if (seen.has(key)) {
      lost.push({ id, reason: `two acknowledged writes made version ${key}`, write });
    }
    seen.add(key);
    if (final && write.lifetime === final.lastName) {
      if ((write.version ?? 0) > final.version) {
        lost.push({ id, reason: `row is at version ${final.version}, older than`, write });
      } else if (
        write.kind === 'update' &&
        write.version === final.version &&
        write.firstName !== final.firstName
      ) {
        lost.push({ id, reason: 'row has this version with other content', write });
      }
    }
  }
  const candidates = possiblyLastWrites(writes);
  if (!candidates.some((write) => explains(write, final))) {
    lost.push({
      id,
      reason: final
        ? `final row ${final.lastName}#${final.version} (${final.firstName}) is the effect of none of the ${candidates.length} writes that may have come last`
        : `row is gone but none of the ${candidates.length} writes that may have come last deleted it`,
    });
  }
  return lost;
}

/**
 * The writes that no acknowledged write began strictly after: any of them may be the last one
 * (a later write with an unknown outcome may have had no effect).
 */
function possiblyLastWrites(writes: readonly WriteRecord[]): WriteRecord[] {
  let latestAckedStart = Number.NEGATIVE_INFINITY;
  for (const write of writes) {
    if (write.outcome === 'acked') latestAckedStart = Math.max(latestAckedStart, write.startedAt);
  }
  return writes.filter((write) => write.endedAt + CLOCK_SLACK_MS >= latestAckedStart);
}

function explains(write: WriteRecord, final: Person | undefined): boolean {
  if (write.kind === 'delete') return final === undefined;
  if (!final || (write.lifetime !== undefined && write.lifetime !== final.lastName)) {
    return false;
  }
  if (write.kind === 'create') return write.outcome === 'unknown' || final.version === 1;
  if (write.firstName !== final.firstName) return false;
  return write.outcome === 'unknown' || write.version === final.version;
}
