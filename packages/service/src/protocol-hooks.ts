import type { BreakerState } from './circuit-breaker';

/**
 * The points of the consistency protocol where a hook runs, in protocol order:
 * - `lease-acquired`: a reader's `add` of a lease succeeded; the DB read comes next.
 * - `db-read`: a cache-mode reader has its DB result (lease holder or not).
 * - `before-fill`: a lease holder is about to replace its lease with the value (`putIfUntouched`).
 * - `db-written`: a write committed to the DB; its invalidation comes next.
 * - `before-invalidate`: the write's `cache.delete` is about to be sent.
 */
export type ProtocolStep =
  | 'lease-acquired'
  | 'db-read'
  | 'before-fill'
  | 'db-written'
  | 'before-invalidate';

/**
 * Test hooks between the protocol steps, so a test (or a consistency checker) can delay or pause
 * one reader or writer at a precise point. The service awaits a returned promise before going
 * on. Absent hooks cost nothing.
 */
export interface ProtocolHooks {
  /** Called at every protocol step for the person `id`. */
  onStep?(step: ProtocolStep, id: string): void | Promise<void>;
  /** Called when the cache's circuit breaker changes state. */
  onBreakerStateChange?(state: BreakerState): void;
}
