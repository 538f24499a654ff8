/**
 * The store operations `KeyvPersonCache` is built on: strings under keys, with the two
 * conditional writes done atomically against every client of the store, as far as the store
 * is shared (see `KeyvTokenStore` and `MemjsTokenStore`). Failures reject with
 * `UnavailableError('cache')`.
 */
export interface TokenStore {
  /** The string under `key`, or `undefined`. */
  get(key: string): Promise<string | undefined>;
  /** The strings under `keys`, in order. */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Stores `value` whatever is there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores `value` only if nothing is stored under `key`; true when it did. */
  add(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Stores `value` only if `accept` is true of what is stored now (`undefined`: nothing) and
   * nothing was written between that read and this write; true when it did.
   */
  replaceIf(
    key: string,
    accept: (current: string | undefined) => boolean,
    value: string,
    ttlMs: number,
  ): Promise<boolean>;
  delete(key: string): Promise<void>;
}
