import type { Person } from '@cachetoggle/model';
import type { PersonService, ReadSource } from '@cachetoggle/service';
import { pick, seededRandom } from '../checker/seeded-random';

/** One operation of a `ServiceLoad`. */
export interface LoadSample {
  readonly kind: 'read' | 'write';
  /** The person the call was about. */
  readonly id: string;
  /** `performance.now()` when the call was made. */
  readonly startedAt: number;
  readonly latencyMs: number;
  /** Where a successful read was answered from. */
  readonly source?: ReadSource;
  /** What a successful read returned, or the row a successful update wrote. */
  readonly person?: Person;
  /** The error of a failed call. */
  readonly error?: unknown;
}

/** A running load; `stop()` waits for the calls in flight. */
export interface ServiceLoad {
  readonly samples: readonly LoadSample[];
  /**
   * Resolves once `more` further calls have completed: a test waits for a window of the load
   * to have happened by counting calls, not by sleeping for a time it hopes is long enough.
   */
  completed(more: number): Promise<void>;
  stop(): Promise<void>;
}

/** Options of `startServiceLoad`. */
export interface ServiceLoadOptions {
  readonly ids: readonly string[];
  /** Calls in flight at once. */
  readonly concurrency: number;
  /** Every n-th call is an update (0: reads only). */
  readonly writeEvery?: number;
  /** Reads in DB mode (the database's own latency through the same service). */
  readonly useDb?: boolean;
  /** Called with each acknowledged update's row (for lost-write checks). */
  readonly onWrite?: (id: string, version: number, firstName: string) => void;
}

/**
 * Keeps `concurrency` calls in flight against `service` (gets, and every `writeEvery`-th call an
 * update) until stopped, timing each call. The fault tests measure latencies and failures
 * in the windows around the faults they inject.
 */
export function startServiceLoad(service: PersonService, options: ServiceLoadOptions): ServiceLoad {
  const samples: LoadSample[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const record = (sample: LoadSample) => {
    samples.push(sample);
    for (const waiter of waiters.filter((w) => w.count <= samples.length)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const random = seededRandom(7);
  let running = true;
  let n = 0;
  const loop = async () => {
    while (running) {
      const i = n++;
      const id = pick(random, options.ids);
      const write =
        options.writeEvery !== undefined && options.writeEvery > 0 && i % options.writeEvery === 0;
      const startedAt = performance.now();
      try {
        if (write) {
          const firstName = `W${i}`;
          const row = await service.update(id, { firstName });
          options.onWrite?.(id, row.version, firstName);
          const latencyMs = performance.now() - startedAt;
          record({ kind: 'write', id, startedAt, latencyMs, person: row });
        } else {
          const read = await service.get(id, options.useDb ? { useDb: true } : undefined);
          const latencyMs = performance.now() - startedAt;
          record({
            kind: 'read',
            id,
            startedAt,
            latencyMs,
            source: read.source,
            person: read.person,
          });
        }
      } catch (error) {
        const latencyMs = performance.now() - startedAt;
        record({ kind: write ? 'write' : 'read', id, startedAt, latencyMs, error });
      }
    }
  };
  const loops = Array.from({ length: options.concurrency }, loop);
  return {
    samples,
    completed(more) {
      return new Promise((resolve) => waiters.push({ count: samples.length + more, resolve }));
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Latency percentiles, failures and hit ratio of the samples started in [from, to). */
export interface WindowStats {
  readonly reads: number;
  readonly writes: number;
  readonly failures: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Reads answered by the cache / all successful reads. */
  readonly hitRatio: number;
}

/** Summarises the samples that started in [from, to) (`performance.now()` times). */
export function windowStats(
  samples: readonly LoadSample[],
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): WindowStats {
  const inWindow = samples.filter((s) => s.startedAt >= from && s.startedAt < to);
  const reads = inWindow.filter((s) => s.kind === 'read');
  const okReads = reads.filter((s) => s.error === undefined);
  const latencies = reads.map((s) => s.latencyMs).sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    reads: reads.length,
    writes: inWindow.length - reads.length,
    failures: inWindow.filter((s) => s.error !== undefined).length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? 0,
    hitRatio:
      okReads.length === 0
        ? 0
        : okReads.filter((s) => s.source === 'cache').length / okReads.length,
  };
}
