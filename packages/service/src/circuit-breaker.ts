/** State of a circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Options of `CircuitBreaker`. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before one probe call is let through; default 1000 ms. */
  readonly cooldownMs?: number;
}

/**
 * A consecutive-failure circuit breaker. Closed: calls go through; `failureThreshold` failures
 * in a row open it. Open: calls are refused for `cooldownMs`, then the next call is the one
 * probe (half-open) and the others are still refused. The probe's success closes the circuit,
 * its failure opens it for another cooldown. Time is read only when the circuit is open, so the
 * closed path is two field reads.
 */
export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  #state: BreakerState = 'closed';
  #failures = 0;
  #reopenAtMs = 0;
  readonly #onChange: (state: BreakerState) => void;
  readonly #now: () => number;

  constructor(
    options: CircuitBreakerOptions,
    onChange: (state: BreakerState) => void = () => {},
    now: () => number = Date.now,
  ) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 1000;
    this.#onChange = onChange;
    this.#now = now;
  }

  /** The current state. */
  get state(): BreakerState {
    return this.#state;
  }

  /**
   * Whether a call may go out now. Returning true while open or half-open makes this call the
   * probe: the caller must report its outcome with `recordSuccess` or `recordFailure`.
   */
  allowRequest(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'half-open' || this.#now() < this.#reopenAtMs) return false;
    this.#set('half-open');
    return true;
  }

  /** Reports a call that succeeded. */
  recordSuccess(): void {
    this.#failures = 0;
    if (this.#state !== 'closed') this.#set('closed');
  }

  /** Reports a call that failed or timed out. */
  recordFailure(): void {
    this.#failures++;
    if (this.#state === 'half-open' || this.#failures >= this.failureThreshold) {
      this.#reopenAtMs = this.#now() + this.cooldownMs;
      if (this.#state !== 'open') this.#set('open');
    }
  }

  #set(state: BreakerState): void {
    this.#state = state;
    this.#onChange(state);
  }
}
