import type {
  CacheEntry,
  CacheRead,
  CasToken,
  IdentifiableRead,
  PersonCache,
} from '@cachetoggle/model';
import { Chaos } from './chaos';

/** Wraps any `PersonCache` (fake or real) with on-demand failures, hangs and pauses. */
export class ChaosPersonCache extends Chaos<PersonCache> implements PersonCache {
  constructor(readonly inner: PersonCache) {
    super('cache', [
      'get',
      'getMany',
      'getIdentifiable',
      'set',
      'add',
      'putIfUntouched',
      'delete',
      'close',
    ]);
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
}
