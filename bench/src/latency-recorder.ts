/**
 * Latencies of one contender, in milliseconds, kept in a growable typed array so recording
 * allocates nothing per operation (a plain array of doubles would box and churn the heap that
 * the benchmark is also measuring).
 */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 14);
  private size = 0;

  /** Number of recorded samples. */
  get count(): number {
    return this.size;
  }

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    if (this.size === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.size++] = ms;
  }

  /**
   * The `q`-quantiles (each 0..1) by the nearest-rank method: for each q, the smallest sample
   * such that at least q of all samples are at or below it. NaN when nothing was recorded.
   */
  quantiles(qs: readonly number[]): number[] {
    if (this.size === 0) return qs.map(() => Number.NaN);
    const sorted = this.samples.slice(0, this.size).sort();
    return qs.map((q) => {
      const rank = Math.min(this.size, Math.max(1, Math.ceil(q * this.size)));
      return sorted[rank - 1] as number;
    });
  }
}
