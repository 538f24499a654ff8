import { type Measurement, pairedRatio } from './harness';

/** A ratio against the strongest of several baselines, and which one that was. */
export interface StrongestBaselineRatio {
  readonly ratio: number;
  readonly baseline: string;
}

/**
 * The paired ratio of `candidate` over whichever of `baselines` reached the highest ops/s in
 * this comparison. Where raw usage can be tuned several ways (mysql2's promise API without its
 * stack traces, or its callback API), the headline ratio is taken against the tuning that did
 * best in the same run, not against a chosen one.
 */
export function ratioToStrongest(
  measurements: readonly Measurement[],
  candidate: string,
  baselines: readonly string[],
): StrongestBaselineRatio {
  const find = (name: string) => {
    const found = measurements.find((m) => m.name === name);
    if (!found) throw new Error(`"${name}" was not measured`);
    return found;
  };
  const strongest = baselines
    .map(find)
    .reduce((best, m) => (m.opsPerSec > best.opsPerSec ? m : best));
  return { ratio: pairedRatio(find(candidate), strongest), baseline: strongest.name };
}
