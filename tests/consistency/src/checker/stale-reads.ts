import { CLOCK_SLACK_MS, type ReadRecord, type WriteRecord } from './operation-log';

/** A read that returned less than a write acknowledged before the read began. */
export interface StaleRead {
  readonly read: ReadRecord;
  readonly write: WriteRecord;
}

/**
 * Reads that went back in time: a read that began after a write of the same lifetime was
 * acknowledged (by more than the clock slack) yet returned an older version, or found no
 * person although a create or update had been acknowledged and no delete of the id could have
 * come between the two.
 */
export function findStaleReads(
  reads: readonly ReadRecord[],
  writes: readonly WriteRecord[],
): StaleRead[] {
  const acked = new Map<string, WriteRecord[]>();
  const deletes = new Map<string, WriteRecord[]>();
  for (const write of writes) {
    if (write.outcome === 'rejected') continue;
    const target =
      write.kind === 'delete' ? deletes : write.outcome === 'acked' ? acked : undefined;
    if (!target) continue;
    const list = target.get(write.id);
    if (list) list.push(write);
    else target.set(write.id, [write]);
  }
  const stale: StaleRead[] = [];
  for (const read of reads) {
    const before = (acked.get(read.id) ?? []).filter(
      (write) => write.endedAt + CLOCK_SLACK_MS < read.startedAt,
    );
    const newer = read.row
      ? newerOfSameLifetime(before, read.row)
      : before.find((write) => !deleteMayComeBetween(deletes.get(read.id) ?? [], write, read));
    if (newer) stale.push({ read, write: newer });
  }
  return stale;
}

function newerOfSameLifetime(
  writes: readonly WriteRecord[],
  row: NonNullable<ReadRecord['row']>,
): WriteRecord | undefined {
  return writes.find(
    (write) => write.lifetime === row.lifetime && (write.version ?? 0) > row.version,
  );
}

function deleteMayComeBetween(
  deletes: readonly WriteRecord[],
  write: WriteRecord,
  read: ReadRecord,
): boolean {
  return deletes.some(
    (d) =>
      d.endedAt + CLOCK_SLACK_MS >= write.startedAt && d.startedAt <= read.endedAt + CLOCK_SLACK_MS,
  );
}
