/** Lets the work of a flight stop new callers from joining it. */
export type SealFlight = () => void;

/**
 * In-process single-flight: callers asking for the same key while a flight for it is open share
 * that flight's promise instead of starting their own. A flight is open from its start until it
 * seals itself or settles; the work seals it before reading the source of truth, so nobody joins
 * a read that began before they asked (a joiner would otherwise get a value older than a write
 * that completed before its own call).
 */
export class SingleFlight<K, V> {
  readonly #open = new Map<K, Promise<V>>();

  /** Joins the open flight for `key`, or starts `work` as a new one. */
  run(key: K, work: (seal: SealFlight) => Promise<V>): Promise<V> {
    const open = this.#open.get(key);
    if (open !== undefined) return open;
    let sealed = false;
    let flight: Promise<V> | undefined;
    const seal = () => {
      if (sealed) return;
      sealed = true;
      if (flight !== undefined && this.#open.get(key) === flight) this.#open.delete(key);
    };
    flight = work(seal);
    if (!sealed) {
      this.#open.set(key, flight);
      flight.then(seal, seal);
    }
    return flight;
  }

  /** Number of flights that can still be joined. */
  get size(): number {
    return this.#open.size;
  }
}
