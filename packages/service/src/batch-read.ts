import type { Person } from '@cachetoggle/model';
import type { BackgroundRefresh } from './background-refresh';
import type { CacheServer } from './cache-server';
import { fillWithToken, replaceOwnLease } from './lease-fill';
import type { LeasingCache } from './read-or-lease';
import type { Lookup, ReadParts } from './read-through';
import { BatchOutcome, type HeldLease, ServerBatchRead } from './server-batch-read';

/**
 * The lease protocol for many ids at once, in a fixed number of round trips: the ids grouped by
 * cache server, one read (that takes the leases too, when the cache can) per server in
 * parallel; one DB `getMany` for every id still open, whichever server it is on; then the
 * leased ones filled in parallel. A server that cannot be used costs only its own ids, which
 * are read from the DB without a fill.
 */
export class BatchRead {
  readonly #parts: ReadParts;
  readonly #servers: ServerBatchRead;

  constructor(parts: ReadParts, leasing: LeasingCache | undefined, refresher: BackgroundRefresh) {
    this.#parts = parts;
    this.#servers = new ServerBatchRead(parts, leasing, refresher);
  }

  /** Looks up distinct, valid `ids`; the map has an entry for every one of them. */
  async read(ids: readonly string[]): Promise<Map<string, Lookup>> {
    const { onStep } = this.#parts;
    const outcome = new BatchOutcome();
    const groups = this.#groupByServer(ids, outcome);
    await Promise.all(
      [...groups].map(([server, group]) => this.#servers.read(server, group, outcome)),
    );
    const { results, leased, withoutFill } = outcome;
    if (onStep) await Promise.all([...leased.keys()].map((id) => onStep('lease-acquired', id)));
    const fromDb = [...leased.keys(), ...withoutFill];
    if (fromDb.length === 0) return results;
    const found = await this.#readDb(fromDb, leased);
    for (const id of fromDb) results.set(id, { person: found.get(id), source: 'db' });
    await this.#fill(leased, found);
    return results;
  }

  // Ids whose invalidation is pending skip the cache; the others go to their server's group.
  // The group of the previous id's server is at hand: with one server, no map lookup per id.
  #groupByServer(ids: readonly string[], outcome: BatchOutcome): Map<CacheServer, string[]> {
    const groups = new Map<CacheServer, string[]>();
    const { servers } = this.#parts;
    let lastServer: CacheServer | undefined;
    let lastGroup: string[] = [];
    for (const id of ids) {
      const server = servers.of(id);
      if (server.isPending(id)) {
        outcome.withoutFill.push(id);
        continue;
      }
      if (server !== lastServer) {
        lastServer = server;
        let group = groups.get(server);
        if (group === undefined) {
          group = [];
          groups.set(server, group);
        }
        lastGroup = group;
      }
      lastGroup.push(id);
    }
    return groups;
  }

  async #readDb(ids: string[], leased: ReadonlyMap<string, HeldLease>) {
    const { db, cache, servers, counters, onStep } = this.#parts;
    counters.dbReads++;
    let found: Map<string, Person>;
    try {
      found = await db.getMany(ids);
    } catch (error) {
      // Give the leases back so other readers need not wait for them to expire.
      await Promise.all(
        [...leased.keys()].map((id) => servers.of(id).guard.call('delete', () => cache.delete(id))),
      );
      throw error;
    }
    if (onStep) await Promise.all(ids.map((id) => onStep('db-read', id)));
    return found;
  }

  async #fill(leased: ReadonlyMap<string, HeldLease>, found: ReadonlyMap<string, Person>) {
    const { onStep, servers } = this.#parts;
    await Promise.all(
      [...leased].map(async ([id, lease]) => {
        if (onStep) await onStep('before-fill', id);
        const { guard } = servers.of(id);
        const person = found.get(id);
        if (typeof lease === 'bigint') await fillWithToken(this.#parts, guard, id, lease, person);
        else await replaceOwnLease(this.#parts, guard, id, lease, person);
      }),
    );
  }
}
