import type {
  CacheEntry,
  CacheRead,
  CasToken,
  IdentifiableRead,
  LeaseRead,
  PersonCache,
} from '@cachetoggle/model';
import { Chaos } from './chaos';

/**
 * Wraps any `PersonCache` (fake or real) with on-demand failures, hangs and pauses, for all of
 * it or for the keys of chosen servers (`servers` in the fault options, named by the wrapped
 * cache's `serverOf`). It offers the optional methods exactly when the wrapped cache does.
 */
export class ChaosPersonCache extends Chaos<PersonCache> implements PersonCache {
  readonly getOrLease?: (id: string, leaseTtlMs: number) => Promise<LeaseRead>;
  readonly getManyOrLease?: (
    ids: readonly string[],
    leaseTtlMs: number,
  ) => Promise<Map<string, LeaseRead>>;
  readonly serverOf?: (id: string) => string;

  constructor(readonly inner: PersonCache) {
    super('cache', [
      'get',
      'getMany',
      'getIdentifiable',
      'set',
      'add',
      'putIfUntouched',
      'delete',
      'getOrLease',
      'getManyOrLease',
      'close',
    ]);
    const { getOrLease, getManyOrLease, serverOf } = inner;
    if (getOrLease) {
      this.getOrLease = (id, leaseTtlMs) =>
        this.run('getOrLease', [id, leaseTtlMs], () => getOrLease.call(inner, id, leaseTtlMs));
    }
    if (getManyOrLease) {
      this.getManyOrLease = (ids, leaseTtlMs) =>
        this.run('getManyOrLease', [ids, leaseTtlMs], () =>
          getManyOrLease.call(inner, ids, leaseTtlMs),
        );
    }
    if (serverOf) this.serverOf = (id) => serverOf.call(inner, id);
  }

  get(id: string): Promise<CacheRead> {
    return this.run('get', [id], () => this.inner.get(id));
  }

  getMany(ids: readonly string[]): Promise<Map<string, CacheRead>> {
    return this.run('getMany', [ids], () => this.inner.getMany(ids));
  }

  getIdentifiable(id: string): Promise<IdentifiableRead> {
    return this.run('getIdentifiable', [id], () => this.inner.getIdentifiable(id));
  }

  set(id: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    return this.run('set', [id, entry, ttlMs], () => this.inner.set(id, entry, ttlMs));
  }

  add(id: string, entry: CacheEntry, ttlMs: number): Promise<CasToken | undefined> {
    return this.run('add', [id, entry, ttlMs], () => this.inner.add(id, entry, ttlMs));
  }

  putIfUntouched(id: string, entry: CacheEntry, token: CasToken, ttlMs: number): Promise<boolean> {
    return this.run('putIfUntouched', [id, entry, token, ttlMs], () =>
      this.inner.putIfUntouched(id, entry, token, ttlMs),
    );
  }

  delete(id: string): Promise<void> {
    return this.run('delete', [id], () => this.inner.delete(id));
  }

  close(): Promise<void> {
    return this.run('close', [], () => this.inner.close());
  }

  // Every method takes its key (or its keys) first.
  protected override serversOf(args: readonly unknown[]): readonly string[] | undefined {
    const serverOf = this.serverOf;
    const keys = args[0];
    if (serverOf === undefined) return undefined;
    if (typeof keys === 'string') return [serverOf(keys)];
    if (Array.isArray(keys)) return keys.map((id: string) => serverOf(id));
    return undefined;
  }
}
