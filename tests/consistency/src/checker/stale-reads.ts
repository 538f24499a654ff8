import { CLOCK_SLACK_MS, type ReadRecord, type WriteRecord } from './operation-log';

/** A read that returned less than a write acknowledged before the read began. */
export interface StaleRead {
  readonly read: ReadRecord;
  /** Of the writes the read missed, the one acknowledged first. */
  readonly write: WriteRecord;
  /**
   * How long after that acknowledgement the read began: the value was still served at least
   * this long after the caller was told the write was done.
   */
  readonly lagMs: number;
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
    const missed = read.row
      ? newerOfSameLifetime(before, read.row)
      : before.filter((write) => !deleteMayComeBetween(deletes.get(read.id) ?? [], write, read));
    const first = missed.reduce<WriteRecord | undefined>(
      (a, b) => (a && a.endedAt <= b.endedAt ? a : b),
      undefined,
    );
    if (first) stale.push({ read, write: first, lagMs: read.startedAt - first.endedAt });
  }
  return stale;
}

/**
 * The stale reads that began more than `boundMs` after the write they missed was acknowledged:
 * the ones a bounded-staleness promise of `boundMs` does not excuse.
 */
export function staleBeyond(reads: readonly StaleRead[], boundMs: number): StaleRead[] {
  return reads.filter((stale) => stale.lagMs > boundMs);
}

/** The longest lag of `reads` (0 when there is none). */
export function longestLagMs(reads: readonly StaleRead[]): number {
  return reads.reduce((max, stale) => Math.max(max, Math.ceil(stale.lagMs)), 0);
}

function newerOfSameLifetime(
  writes: readonly WriteRecord[],
  row: NonNullable<ReadRecord['row']>,
): WriteRecord[] {
  return writes.filter(
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
