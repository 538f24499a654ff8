import type { BreakerState } from './circuit-breaker';

/**
 * The points of the consistency protocol where a hook runs, in protocol order:
 * - `lease-polled`: a reader waiting on someone else's lease has the cache's answer to one of its
 *   looks (the value, the lease still there, or the lease now its own).
 * - `lease-acquired`: a reader won a lease (`add`, or `getOrLease` answered `leased`); the DB
 *   read comes next.
 * - `db-read`: a cache-mode reader (lease holder or not) or a background refresh has its DB
 *   result.
 * - `before-fill`: a lease holder or a refresh is about to store the value (`putIfUntouched`).
 * - `db-written`: a write committed to the DB; its invalidation comes next.
 * - `before-invalidate`: the write's `cache.delete` is about to be sent.
 */
export type ProtocolStep =
  | 'lease-polled'
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
  /** Called when the circuit breaker of the cache server `server` changes state. */
  onBreakerStateChange?(state: BreakerState, server: string): void;
}
