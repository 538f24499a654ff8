import type { Logger } from './logger';

/**
 * Logs a warning per key at most once per interval, so a dead cache answering every request
 * with an error does not flood the log; each warning says how many were held back since the
 * previous one (`suppressed`).
 */
export class RateLimitedWarnings {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #last = new Map<string, { atMs: number; suppressed: number }>();

  constructor(logger: Logger, intervalMs: number) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  /** Logs `fields` and `msg` under `key` unless a warning for `key` was logged recently. */
  warn(key: string, fields: Record<string, unknown>, msg: string): void {
    const now = Date.now();
    const last = this.#last.get(key);
    if (last && now - last.atMs < this.#intervalMs) {
      last.suppressed++;
      return;
    }
    const suppressed = last?.suppressed ?? 0;
    this.#last.set(key, { atMs: now, suppressed: 0 });
    this.#logger.warn(suppressed > 0 ? { ...fields, suppressed } : fields, msg);
  }
}
