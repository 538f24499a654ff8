import type { ReadRecord, WriteRecord } from './operation-log';

/**
 * What a worker reports as it goes, so that the coordinator holds every write even when the
 * worker's process is killed mid-load: a write is announced before its call is made (a killed
 * process may have committed it) and settled with its outcome when the operation ends.
 */
export type LoadLogEntry =
  | { readonly kind: 'write-started'; readonly token: string; readonly write: StartedWrite }
  | {
      readonly kind: 'op';
      readonly reads: readonly ReadRecord[];
      readonly writes: readonly (WriteRecord & { readonly token: string })[];
      readonly toggled: boolean;
    };

/** A write whose call has been made and whose outcome is not known yet. */
export type StartedWrite = Omit<WriteRecord, 'endedAt' | 'outcome'>;

/** Where a worker sends its entries. */
export type LoadLogSink = (entry: LoadLogEntry) => void;

/**
 * The coordinator's side: every read and write the workers reported. Writes announced by a
 * process that was killed before it settled them are kept with an unknown outcome and no end,
 * so the lost-write check counts them as possibly the last write of their id.
 */
export class LoadLog {
  readonly reads: ReadRecord[] = [];
  readonly writes: WriteRecord[] = [];
  readonly #started = new Map<string, StartedWrite>();
  #ops = 0;
  #toggles = 0;

  /** Operations settled so far. */
  get ops(): number {
    return this.#ops;
  }

  /** Mode flips made by the workers. */
  get toggles(): number {
    return this.#toggles;
  }

  /** Takes one entry from a worker. */
  add(entry: LoadLogEntry): void {
    if (entry.kind === 'write-started') {
      this.#started.set(entry.token, entry.write);
      return;
    }
    this.#ops++;
    if (entry.toggled) this.#toggles++;
    this.reads.push(...entry.reads);
    for (const { token, ...write } of entry.writes) {
      this.#started.delete(token);
      this.writes.push(write);
    }
  }

  /** Logs a write made outside the workers (by a fault). */
  addWrite(write: WriteRecord): void {
    this.writes.push(write);
  }

  /**
   * The worker that announced `tokens`' writes is dead: they are settled as unknown, with an
   * end that never comes (the server may still commit what it had received).
   */
  abandon(tokens: Iterable<string>): number {
    let abandoned = 0;
    for (const token of tokens) {
      const write = this.#started.get(token);
      if (!write) continue;
      this.#started.delete(token);
      this.writes.push({ ...write, outcome: 'unknown', endedAt: Number.POSITIVE_INFINITY });
      abandoned++;
    }
    return abandoned;
  }
}
