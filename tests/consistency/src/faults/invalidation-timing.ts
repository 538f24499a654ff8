import type { PersonService, ProtocolStep } from '@cachetoggle/service';
import type { MemcachedProbe, ProbedItem } from '@cachetoggle/testing/memcached';

/** One write whose invalidation was looked for on its server right after the write resolved. */
export interface TimedInvalidation {
  readonly id: string;
  /** What the key's server held just before the write, and right after it resolved. */
  readonly before: ProbedItem;
  readonly after: ProbedItem;
  /** The service's whole update: its DB write, then its invalidation. */
  readonly writeMs: number;
  /** From the DB commit (the service's `db-written` step) to the update resolving. */
  readonly invalidationMs: number;
  /** The probe's `mg` right after the write: one cache round trip at that moment. */
  readonly roundTripMs: number;
}

/**
 * Notes when each write's DB commit was done, through the service's `onStep` hook, so a test
 * can split an update's time into its DB write and what came after it.
 */
export class CommitClock {
  readonly #committedAt = new Map<string, number>();

  /** The hook to give the service (with any others the test uses). */
  readonly onStep = (step: ProtocolStep, id: string): void => {
    if (step === 'db-written') this.#committedAt.set(id, performance.now());
  };

  /** When the last write of `id` committed (`performance.now()`). */
  committedAt(id: string): number {
    const at = this.#committedAt.get(id);
    if (at === undefined) throw new Error(`no write of ${id} reached the db-written step`);
    return at;
  }
}

/**
 * Updates each id through `service` and asks the id's server (over a probe of its own) for the
 * key the moment the update resolves. An update whose invalidation was not sent at once finds
 * the key still there; one that waited for anything else (a sick server's timeout, a queue)
 * shows as `invalidationMs` well above the probe's own round trip.
 */
export async function timeInvalidations(options: {
  readonly service: PersonService;
  readonly clock: CommitClock;
  readonly ids: readonly string[];
  readonly keyOf: (id: string) => string;
  readonly probeOf: (id: string) => MemcachedProbe;
}): Promise<TimedInvalidation[]> {
  const timed: TimedInvalidation[] = [];
  for (const [i, id] of options.ids.entries()) {
    const probe = options.probeOf(id);
    const key = options.keyOf(id);
    const before = await probe.metaGet(key);
    const started = performance.now();
    await options.service.update(id, { firstName: `Outage${i}` });
    const resolved = performance.now();
    const after = await probe.metaGet(key);
    const roundTripMs = performance.now() - resolved;
    const invalidationMs = resolved - options.clock.committedAt(id);
    timed.push({ id, before, after, writeMs: resolved - started, invalidationMs, roundTripMs });
  }
  return timed;
}

/** The `q` quantile (0 to 1) of `values`, the nearest rank below (0 for none). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
