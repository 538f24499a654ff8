import type { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import type memjs from 'memjs';
import type mysql from 'mysql2/promise';
import { type CachetoggleStack, openCachetoggle, type StackOptions } from './cachetoggle';
import type { BenchEnvironment } from './environment';
import type { ComparisonPlan, RoundBudget } from './harness';
import type { BenchReport } from './report';
import type { BenchScale } from './scale';

/** What every case gets: the servers, the shared clients, the scale and the report. */
export interface BenchContext {
  readonly env: BenchEnvironment;
  readonly scale: BenchScale;
  readonly report: BenchReport;
  /** The raw memjs client of the baselines. */
  readonly memjs: memjs.Client;
  /** The raw mysql2 pool of the baselines. */
  readonly pool: mysql.Pool;
  /** cachetoggle's MySQL DAO, shared by every service of the run. */
  readonly db: MysqlPersonDb;
  /**
   * A comparison plan at the run's scale; a `budget` (a fixed operation count) replaces the
   * timed round, with the scale's `countedRounds` and a warm-up of a tenth of the operations.
   */
  plan(inflight: number, budget?: RoundBudget): ComparisonPlan;
  /** A service over a namespace of its own (closed by the case, or at the end of the run). */
  openService(label: string, options?: StackOptions): CachetoggleStack;
  /** Closes what `openService` opened and the shared clients. */
  close(): Promise<void>;
}

/** Builds the context of a run from its environment and the shared clients. */
export function createBenchContext(parts: {
  env: BenchEnvironment;
  scale: BenchScale;
  report: BenchReport;
  memjs: memjs.Client;
  pool: mysql.Pool;
  db: MysqlPersonDb;
}): BenchContext {
  const open = new Set<CachetoggleStack>();
  return {
    ...parts,
    plan: (inflight, budget) => ({
      inflight,
      rounds: budget ? parts.scale.countedRounds : parts.scale.rounds,
      budget: budget ?? parts.scale.round,
      warmup: budget ? { ops: Math.max(1, Math.ceil((budget.ops ?? 0) / 10)) } : parts.scale.warmup,
    }),
    openService: (label, options) => {
      const stack = openCachetoggle(
        parts.env.servers,
        parts.env.freshNamespace(label),
        parts.db,
        options,
      );
      open.add(stack);
      return {
        ...stack,
        close: async () => {
          open.delete(stack);
          await stack.close();
        },
      };
    },
    close: async () => {
      for (const stack of open) await stack.close();
      open.clear();
      parts.memjs.close();
      await parts.pool.end();
      await parts.db.close();
    },
  };
}
