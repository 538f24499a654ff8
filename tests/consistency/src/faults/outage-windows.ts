import type { BreakerChange } from './breaker-watch';
import { quantile, type TimedInvalidation } from './invalidation-timing';
import { type LoadSample, type WindowStats, windowStats } from './service-load';

/** The moments of one server's outage (`performance.now()` times). */
export interface OutageMoments {
  /** The fault was injected. */
  readonly outageAt: number;
  /** The victim's breaker first opened. */
  readonly openedAt: number;
  /** The victim was brought back. */
  readonly recoveryAt: number;
  /** The victim's breaker closed again. */
  readonly closedAt: number;
  /** The victim's keys were all served from the cache again. */
  readonly backAt: number;
}

/** The load cut into the windows of an outage, overall and by server. */
export interface OutageWindows {
  readonly before: WindowStats;
  readonly during: WindowStats;
  /** From the victim's keys being served again to the end. */
  readonly after: WindowStats;
  readonly healthyBefore: WindowStats;
  readonly healthyDuring: WindowStats;
  readonly victimAfter: WindowStats;
  /** The victim's share of the reads during the outage (about a third, by construction). */
  readonly victimShare: number;
  /** The DB-mode reads during the outage: the database's own latency then. */
  readonly dbDuring: WindowStats;
}

/** Cuts the samples of the load and of the DB-mode probe into the windows of an outage. */
export function outageWindows(
  load: readonly LoadSample[],
  dbProbe: readonly LoadSample[],
  onVictim: (sample: LoadSample) => boolean,
  at: OutageMoments,
): OutageWindows {
  const healthy = load.filter((sample) => !onVictim(sample));
  const victim = load.filter(onVictim);
  const during = windowStats(load, at.outageAt, at.recoveryAt);
  return {
    before: windowStats(load, 0, at.outageAt),
    during,
    after: windowStats(load, at.backAt),
    healthyBefore: windowStats(healthy, 0, at.outageAt),
    healthyDuring: windowStats(healthy, at.outageAt, at.recoveryAt),
    victimAfter: windowStats(victim, at.backAt),
    victimShare: windowStats(victim, at.outageAt, at.recoveryAt).reads / during.reads,
    dbDuring: windowStats(dbProbe, at.outageAt, at.recoveryAt),
  };
}

/**
 * One line with the figures of an outage: latencies and hit ratios by window, the breaker
 * changes from the fault on (a healthy server's breaker that opened tells of a stall of the
 * machine, not of the victim), and how the updates' time split around their DB commit.
 */
export function describeOutage(
  name: string,
  w: OutageWindows,
  at: OutageMoments,
  changes: readonly BreakerChange[],
  victimName: string,
  timed: readonly TimedInvalidation[],
): string {
  const f = (n: number, digits = 1) => n.toFixed(digits);
  const since = (from: number) => (to: number) => f(to - from, 0);
  const fromFault = since(at.outageAt);
  const breakers = changes
    .filter((change) => change.at >= at.outageAt)
    .map((c) => `${c.server === victimName ? 'victim' : c.server} ${c.state}@${fromFault(c.at)}`);
  const q = (part: 'writeMs' | 'invalidationMs' | 'roundTripMs') =>
    [0.5, 0.75, 1]
      .map((p) =>
        f(
          quantile(
            timed.map((t) => t[part]),
            p,
          ),
        ),
      )
      .join('/');
  return (
    `one of three ${name}: ${w.during.reads} reads in the outage, p99 ${f(w.during.p99Ms)} ms ` +
    `(max ${f(w.during.maxMs)}) vs DB-mode p99 ${f(w.dbDuring.p99Ms)} ms; hit ratio ` +
    `${f(w.before.hitRatio, 3)} before, ${f(w.during.hitRatio, 3)} during (victim's share of reads ` +
    `${f(w.victimShare, 3)}; healthy servers ${f(w.healthyBefore.hitRatio, 3)} -> ` +
    `${f(w.healthyDuring.hitRatio, 3)}), ${f(w.after.hitRatio, 3)} after (victim's keys ` +
    `${f(w.victimAfter.hitRatio, 3)}); breaker open ${fromFault(at.openedAt)} ms after the fault, ` +
    `closed ${since(at.recoveryAt)(at.closedAt)} ms and keys served from the cache ` +
    `${since(at.recoveryAt)(at.backAt)} ms after the return at ${fromFault(at.recoveryAt)} ` +
    `(breakers: ${breakers.join(', ')}); update p50/p75/max ${q('writeMs')} ms, of which the ` +
    `invalidation after the commit ${q('invalidationMs')} ms vs a round trip ${q('roundTripMs')} ms`
  );
}
