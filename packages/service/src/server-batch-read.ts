import type { CacheRead, CasToken, LeaseRead, StoredEntry } from '@cachetoggle/model';
import type { BackgroundRefresh } from './background-refresh';
import type { CacheServer } from './cache-server';
import type { LeaseEntry } from './lease';
import type { LeasingCache } from './read-or-lease';
import { lookupOf } from './read-or-lease';
import type { Lookup, ReadParts } from './read-through';

/** A lease this process holds: the entry it added, or the token `getOrLease` handed it. */
export type HeldLease = LeaseEntry | CasToken;

/** What a batch learned from the cache: the answers, the leases held, the ids left for the DB. */
export class BatchOutcome {
  readonly results = new Map<string, Lookup>();
  readonly leased = new Map<string, HeldLease>();
  /** Ids to read from the DB without a fill. */
  readonly withoutFill: string[] = [];
}

/**
 * Reads the ids of one cache server in one request and takes the leases it can, through that
 * server's guard: a server that fails, hangs or has its circuit open sends its ids to the DB
 * without a fill and leaves the other servers' ids alone. An id leased by someone else is read
 * from the DB without waiting; a value that blocks the lease (corrupt, or expired by its own
 * clock) is removed and the lease taken again.
 */
export class ServerBatchRead {
  constructor(
    private readonly parts: ReadParts,
    private readonly leasing: LeasingCache | undefined,
    private readonly refresher: BackgroundRefresh,
  ) {}

  /** Reads `ids`, all held by `server`, into `outcome`. */
  read(server: CacheServer, ids: readonly string[], outcome: BatchOutcome): Promise<void> {
    return this.leasing
      ? this.#readOrLease(this.leasing, server, ids, outcome)
      : this.#readThenAdd(server, ids, outcome);
  }

  async #readOrLease(
    cache: LeasingCache,
    { guard }: CacheServer,
    ids: readonly string[],
    outcome: BatchOutcome,
  ): Promise<void> {
    const { counters, leaseTtlMs } = this.parts;
    const reads = await guard.call('getManyOrLease', () => cache.getManyOrLease(ids, leaseTtlMs));
    const blocked: string[] = [];
    for (const id of ids) {
      const read = typeof reads === 'object' ? reads.get(id) : undefined;
      if (read === undefined) outcome.withoutFill.push(id);
      else if (read.kind === 'person' || read.kind === 'tombstone') this.#hit(id, read, outcome);
      else if (read.kind === 'refresh') {
        this.#hit(id, read.entry, outcome);
        this.refresher.start(id, read.token);
      } else {
        counters.misses++;
        if (read.kind === 'corrupt') counters.corruptEntries++;
        if (read.kind === 'miss' || read.kind === 'corrupt') blocked.push(id);
        else this.#afterLease(id, read, outcome);
      }
    }
    await Promise.all(
      blocked.map(async (id) => {
        const removed = await guard.call('delete', () => cache.delete(id));
        const again =
          typeof removed === 'symbol'
            ? removed
            : await guard.call('getOrLease', () => cache.getOrLease(id, leaseTtlMs));
        this.#afterLease(id, typeof again === 'symbol' ? undefined : again, outcome);
      }),
    );
  }

  // After a miss: a lease of ours, an answer after all, or the DB without a fill.
  #afterLease(id: string, read: LeaseRead | undefined, outcome: BatchOutcome): void {
    if (read?.kind === 'leased') outcome.leased.set(id, read.token);
    else if (read?.kind === 'person' || read?.kind === 'tombstone') {
      outcome.results.set(id, lookupOf(read));
    } else if (read?.kind === 'refresh') {
      outcome.results.set(id, lookupOf(read.entry));
      this.refresher.start(id, read.token);
    } else outcome.withoutFill.push(id);
  }

  async #readThenAdd(
    { guard }: CacheServer,
    ids: readonly string[],
    outcome: BatchOutcome,
  ): Promise<void> {
    const { cache, counters, leases, leaseTtlMs } = this.parts;
    const reads = await guard.call('getMany', () => cache.getMany(ids));
    const toLease: string[] = [];
    const toRemove: string[] = [];
    for (const id of ids) {
      const read: CacheRead | undefined = typeof reads === 'object' ? reads.get(id) : undefined;
      if (read === undefined) {
        outcome.withoutFill.push(id);
        continue;
      }
      if (read.kind === 'person' || read.kind === 'tombstone') {
        this.#hit(id, read, outcome);
        continue;
      }
      counters.misses++;
      if (read.kind === 'lease') {
        outcome.withoutFill.push(id);
        continue;
      }
      if (read.kind === 'corrupt') {
        counters.corruptEntries++;
        toRemove.push(id);
      }
      toLease.push(id);
    }
    await Promise.all(toRemove.map((id) => guard.call('delete', () => cache.delete(id))));
    await Promise.all(
      toLease.map(async (id) => {
        const lease = leases.next();
        const token = await guard.call('add', () => cache.add(id, lease, leaseTtlMs));
        if (typeof token === 'bigint') outcome.leased.set(id, lease);
        else outcome.withoutFill.push(id);
      }),
    );
  }

  #hit(id: string, entry: StoredEntry, outcome: BatchOutcome): void {
    const { counters } = this.parts;
    counters.hits++;
    if (entry.kind === 'tombstone') counters.tombstoneHits++;
    outcome.results.set(id, lookupOf(entry));
  }
}
