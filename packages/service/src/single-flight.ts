/** A process-wide logical clock: every tick is later than all the ticks before it. */
export class LogicalClock {
  #now = 0;

  /** A new instant, later than every instant handed out before. */
  tick(): number {
    this.#now++;
    return this.#now;
  }
}

/**
 * Called by a flight's work right before it sends a read whose answer may become the flight's
 * result: a look at the cache (while waiting on a lease) or the read of the source of truth.
 */
export type MarkRead = () => void;

class Flight<V> {
  promise!: Promise<V>;
  /** When the flight's latest read was sent; undefined while none has been. */
  readAt: number | undefined;
}

/**
 * In-process single-flight: callers asking for the same key share one flight (and its one read
 * of the source of truth) instead of starting their own. A caller joins a flight only if the
 * flight's latest read (of the cache or the source) was sent after the caller's own operation
 * began (`startedAt`, a tick of the shared clock), or none was sent yet: an answer to a read
 * sent earlier could predate a write that completed before the caller asked, and would hand it
 * a value older than that write.
 */
export class SingleFlight<K, V> {
  readonly #clock: LogicalClock;
  readonly #flights = new Map<K, Flight<V>>();

  constructor(clock: LogicalClock) {
    this.#clock = clock;
  }

  /** Joins a suitable flight for `key`, or starts `work` as the new flight for it. */
  run(key: K, startedAt: number, work: (markRead: MarkRead) => Promise<V>): Promise<V> {
    const current = this.#flights.get(key);
    if (current && (current.readAt === undefined || current.readAt > startedAt)) {
      return current.promise;
    }
    return this.lead(key, work);
  }

  /**
   * Starts `work` as the flight for `key` whatever flight is there (which goes on alone): for
   * a caller that must do its own work, such as the holder of a lease, who alone may fill it.
   */
  lead(key: K, work: (markRead: MarkRead) => Promise<V>): Promise<V> {
    const flight = new Flight<V>();
    flight.promise = work(() => {
      flight.readAt = this.#clock.tick();
    });
    this.#flights.set(key, flight);
    const forget = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    flight.promise.then(forget, forget);
    return flight.promise;
  }

  /** Number of flights in the map (settled flights are removed). */
  get size(): number {
    return this.#flights.size;
  }
}
