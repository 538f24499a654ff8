import type { ReadSource } from '@cachetoggle/service';

/**
 * How a write ended: `acked` (the caller saw success), `rejected` (a `ConflictError` or
 * `NotFoundError`: nothing was written), `unknown` (any other failure: it may or may not have
 * been committed).
 */
export type WriteOutcome = 'acked' | 'rejected' | 'unknown';

/**
 * One write as a worker saw it. Every create writes a fresh `lastName` (its *lifetime* tag) and
 * updates change only `firstName` to a fresh token, so a row names the create and the update
 * that produced it even after the id was deleted and created again.
 */
export interface WriteRecord {
  readonly kind: 'create' | 'update' | 'delete';
  readonly id: string;
  /** Wall-clock milliseconds (high resolution) when the call was made and when it settled. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly outcome: WriteOutcome;
  /** create: the tag it wrote; acked update: the lifetime of the row it wrote. */
  readonly lifetime?: string;
  /** update: the first name it wrote. */
  readonly firstName?: string;
  /** Acked create or update: the version of the row as written. */
  readonly version?: number;
}

/** One read as a worker saw it: the row it returned, or that it found none. */
export interface ReadRecord {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly source: ReadSource | 'none';
  /** Absent when the read said the person does not exist. */
  readonly row?: {
    readonly lifetime: string;
    readonly version: number;
    readonly firstName: string;
  };
}

/** Wall-clock time in milliseconds with sub-millisecond resolution, comparable across processes. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * How far apart two events in different processes must be before the checker believes their
 * order: covers the processes' clock readings, not the work itself.
 */
export const CLOCK_SLACK_MS = 2;
