import type { ModeStore, SharedMode } from '@cachetoggle/model';
import type { Logger } from './logger';
import type { ModeStatus } from './person-service';
import { SharedRowOutage } from './shared-row-outage';
import { SharedRowPoll } from './shared-row-poll';

/** What a `ModeFollower` needs. */
export interface ModeFollowerOptions {
  /** The fleet's shared mode; without one the mode is this process's alone. */
  readonly store: ModeStore | undefined;
  /** The mode before the store was read, or while it was never written. */
  readonly useDb: boolean;
  /** Pause between two reads of the store. */
  readonly pollIntervalMs: number;
  readonly logger: Logger;
}

/**
 * The service's `useDb` mode, following the fleet's shared row: read at once, then again every
 * `pollIntervalMs` (one read at a time, on an `unref`ed timer, so it never keeps a process
 * alive). A read that fails keeps the last known mode and says so (`source: 'last-known'`);
 * a switch is written to the store first and applies here once stored, so no process runs a
 * mode the fleet does not have. Without a store it is a plain local switch.
 */
export class ModeFollower {
  readonly #store: ModeStore | undefined;
  readonly #poll: SharedRowPoll<ModeStatus>;
  readonly #outage: SharedRowOutage;
  #useDb: boolean;
  #source: ModeStatus['source'] = 'configured';
  #changedAt: number | undefined;
  // Bumped by every write applied here: a read that began before it carries older news.
  #writes = 0;

  constructor(options: ModeFollowerOptions) {
    this.#store = options.store;
    this.#useDb = options.useDb;
    this.#outage = new SharedRowOutage(options.logger, 'shared mode', 'the last known mode');
    this.#poll = new SharedRowPoll(() => this.#read(), options.pollIntervalMs);
    if (this.#store) this.#poll.start();
  }

  /** The mode reads follow now (the hot path: a field). */
  get useDb(): boolean {
    return this.#useDb;
  }

  /** The mode, where it comes from and since when. */
  status(): ModeStatus {
    return Object.freeze({
      useDb: this.#useDb,
      source: this.#source,
      changedAt: this.#changedAt,
      unreadableSince: this.#outage.since,
    });
  }

  /**
   * Reads the store now (joining a read under way) and resolves with the status after it;
   * never rejects: a store that cannot be read leaves the last known mode in force.
   */
  refresh(): Promise<ModeStatus> {
    return this.#poll.refresh();
  }

  /**
   * Switches the fleet: writes the store, then applies what it stored here. Rejects (and
   * changes nothing) when the store cannot be written. Without a store, applies at once.
   */
  async write(useDb: boolean): Promise<ModeStatus> {
    if (this.#store === undefined) {
      this.#useDb = useDb;
      return this.status();
    }
    const stored = await this.#store.write(useDb);
    this.#writes++;
    this.#apply(stored);
    return this.status();
  }

  /** Stops following. Idempotent. */
  close(): void {
    this.#poll.close();
  }

  async #read(): Promise<ModeStatus> {
    const store = this.#store;
    if (store === undefined || this.#poll.closed) return this.status();
    const writes = this.#writes;
    try {
      const shared = await store.read();
      if (writes === this.#writes) this.#apply(shared);
    } catch (error) {
      this.#outage.failed(error, { useDb: this.#useDb });
      this.#source = 'last-known';
    }
    return this.status();
  }

  #apply(shared: SharedMode | undefined): void {
    this.#outage.succeeded(() => ({ useDb: shared?.useDb ?? this.#useDb }));
    if (shared === undefined) {
      this.#source = 'configured';
      return;
    }
    this.#useDb = shared.useDb;
    this.#changedAt = shared.changedAt;
    this.#source = 'shared';
  }
}
