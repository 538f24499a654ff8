import type { ReadSource } from '@cachetoggle/service';

/** How far back the latency percentiles look. */
export const LATENCY_WINDOW_MS = 10_000;

// Enough samples for a steady percentile at a few thousand reads a second within the window;
// older ones are overwritten, so the memory held never grows.
const MAX_SAMPLES = 8192;

/** What the read routes answered: people by source, and how fast. */
export interface ReadMeterSnapshot {
  /** People answered since start, by where each came from. */
  readonly reads: { readonly cache: number; readonly db: number };
  /** Latency of read requests over the last `windowMs`, in milliseconds (0 without samples). */
  readonly latencyMs: {
    readonly p50: number;
    readonly p99: number;
    readonly samples: number;
    readonly windowMs: number;
  };
}

/**
 * Counts the people the read routes answer by source, and keeps the latency of the last read
 * requests for percentiles. The service counts cache and database calls; this counts what the
 * HTTP clients saw, which is what the dashboard draws.
 */
export class ReadMeter {
  readonly #reads = { cache: 0, db: 0 };
  readonly #at = new Float64Array(MAX_SAMPLES);
  readonly #ms = new Float64Array(MAX_SAMPLES);
  #next = 0;
  #stored = 0;
  readonly #now: () => number;

  /** `now` is the clock in milliseconds (tests pass their own). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** One person answered from `source`. */
  countRead(source: ReadSource): void {
    this.#reads[source]++;
  }

  /** One read request answered in `ms` milliseconds. */
  recordLatency(ms: number): void {
    this.#at[this.#next] = this.#now();
    this.#ms[this.#next] = ms;
    this.#next = (this.#next + 1) % MAX_SAMPLES;
    this.#stored = Math.min(this.#stored + 1, MAX_SAMPLES);
  }

  /** The counts so far and the percentiles of the window ending now. */
  snapshot(): ReadMeterSnapshot {
    const since = this.#now() - LATENCY_WINDOW_MS;
    const recent: number[] = [];
    for (let i = 0; i < this.#stored; i++) {
      if ((this.#at[i] ?? 0) >= since) recent.push(this.#ms[i] ?? 0);
    }
    recent.sort((a, b) => a - b);
    return {
      reads: { ...this.#reads },
      latencyMs: {
        p50: percentile(recent, 0.5),
        p99: percentile(recent, 0.99),
        samples: recent.length,
        windowMs: LATENCY_WINDOW_MS,
      },
    };
  }
}

// Nearest rank: the smallest sample with at least `q` of the samples at or below it.
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return Math.round((sorted[rank - 1] ?? 0) * 1000) / 1000;
}
