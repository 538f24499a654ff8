import type { PersonDb } from '@cachetoggle/model';
import type { PersonService } from '@cachetoggle/service';
import type { MemcachedProbe, ProbedItem } from '@cachetoggle/testing/memcached';

/** One write whose invalidation was looked for on its server right after the write resolved. */
export interface TimedInvalidation {
  readonly id: string;
  /** What the key's server held just before the write, and right after it resolved. */
  readonly before: ProbedItem;
  readonly after: ProbedItem;
  /** The service's update: its DB write and its invalidation. */
  readonly writeMs: number;
  /** A bare DB update of another row, just before: the write's own floor. */
  readonly dbWriteMs: number;
  /** The probe's `mg` right after the write: one cache round trip. */
  readonly roundTripMs: number;
}

/**
 * Updates each id through `service` and asks the id's server (over a probe of its own) for the
 * key the moment the update resolves. Before each update, a bare `db.update` of `controlId`
 * measures what the DB write alone costs at that moment, and the probe's `mg` after it measures
 * one cache round trip: an update that waits for anything else (a sick server's timeout, a
 * queue) shows as `writeMs` above the two together, and one whose invalidation was not sent at
 * once finds the key still there.
 */
export async function timeInvalidations(options: {
  readonly service: PersonService;
  readonly db: PersonDb;
  readonly controlId: string;
  readonly ids: readonly string[];
  readonly keyOf: (id: string) => string;
  readonly probeOf: (id: string) => MemcachedProbe;
}): Promise<TimedInvalidation[]> {
  const timed: TimedInvalidation[] = [];
  for (const [i, id] of options.ids.entries()) {
    const probe = options.probeOf(id);
    const key = options.keyOf(id);
    const before = await probe.metaGet(key);
    let started = performance.now();
    await options.db.update(options.controlId, { firstName: `Control${i}` });
    const dbWriteMs = performance.now() - started;
    started = performance.now();
    await options.service.update(id, { firstName: `Outage${i}` });
    const writeMs = performance.now() - started;
    started = performance.now();
    const after = await probe.metaGet(key);
    const roundTripMs = performance.now() - started;
    timed.push({ id, before, after, writeMs, dbWriteMs, roundTripMs });
  }
  return timed;
}

/** The `q` quantile (0 to 1) of `values`, the nearest rank below (0 for none). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
