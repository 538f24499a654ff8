import type { Logger } from './logger';

/**
 * Since when a shared row (the mode, the cache topology) cannot be read, with one warning when
 * it becomes unreadable and one when it is readable again: a store that stays down warns once,
 * not once per poll.
 */
export class SharedRowOutage {
  readonly #logger: Logger;
  readonly #row: string;
  readonly #keeping: string;
  #since: number | undefined;

  /** `row` names it in the warnings ("shared mode"); `keeping` says what stays in force. */
  constructor(logger: Logger, row: string, keeping: string) {
    this.#logger = logger;
    this.#row = row;
    this.#keeping = keeping;
  }

  /** When the row became unreadable (`Date.now()`), or `undefined` while it is readable. */
  get since(): number | undefined {
    return this.#since;
  }

  /** A read failed with `error`; warns (with `fields` and the reason) if the row was readable. */
  failed(error: unknown, fields: object = {}): void {
    if (this.#since !== undefined) return;
    this.#since = Date.now();
    this.#logger.warn(
      { ...fields, reason: error instanceof Error ? error.message : String(error) },
      `${this.#row} unreadable; keeping ${this.#keeping}`,
    );
  }

  /** The row was read (or written); warns with `fields()` if it was unreadable. */
  succeeded(fields: () => object = () => ({})): void {
    if (this.#since === undefined) return;
    this.#logger.warn(fields(), `${this.#row} readable again`);
    this.#since = undefined;
  }
}
