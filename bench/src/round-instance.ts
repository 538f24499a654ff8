/**
 * An instance that is replaced every round (a service or a client over a fresh namespace):
 * `next()` closes the previous one and opens another, so a case holds at most one at a time.
 */
export class RoundInstance<T> {
  private current: T | undefined;

  constructor(
    private readonly open: () => T | Promise<T>,
    private readonly dispose: (instance: T) => Promise<void> | void,
  ) {}

  /** Closes the current instance (if any) and opens a fresh one. */
  async next(): Promise<T> {
    await this.close();
    this.current = await this.open();
    return this.current;
  }

  /** Closes the current instance, if any. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (current !== undefined) await this.dispose(current);
  }
}
