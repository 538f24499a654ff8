import {
  type ModeStore,
  type SharedMode,
  typeName,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';

/**
 * An in-memory `ModeStore` with the real semantics: nothing until the first write, every write
 * stamped with the time it was made, calls completing asynchronously. Several services handed
 * the same instance behave as processes sharing one database row.
 */
export class FakeModeStore implements ModeStore {
  #mode: SharedMode | undefined;
  #closed = false;

  constructor(initial?: boolean) {
    if (initial !== undefined) this.#mode = { useDb: initial, changedAt: Date.now() };
  }

  async read(): Promise<SharedMode | undefined> {
    this.#checkOpen();
    return this.#mode;
  }

  async write(useDb: boolean): Promise<SharedMode> {
    this.#checkOpen();
    if (typeof useDb !== 'boolean') {
      throw new ValidationError('useDb', `must be a boolean, got ${typeName(useDb)}`);
    }
    this.#mode = { useDb, changedAt: Date.now() };
    return this.#mode;
  }

  /** Makes later calls fail with `UnavailableError`, as a closed connection would. */
  close(): void {
    this.#closed = true;
  }

  #checkOpen(): void {
    if (this.#closed) throw new UnavailableError('db', 'closed');
  }
}
