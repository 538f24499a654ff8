import { isCacheToggleError, UnavailableError } from '@cachetoggle/model';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { KeyedMutex } from './keyed-mutex';
import type { TokenStore } from './token-store';

// One queue per store object, so every cache of this process on that store shares it.
const queues = new WeakMap<object, KeyedMutex>();

/** A Keyv store: an adapter, or an in-process `Map`. */
// biome-ignore lint/suspicious/noExplicitAny: Keyv's own type for an in-process store
export type AnyKeyvStore = KeyvStoreAdapter | Map<any, any>;

/**
 * `TokenStore` on a Keyv store that only this process uses: the conditional writes are a read
 * and a write that run one at a time per key (a queue shared by every `KeyvTokenStore` of this
 * process on the same store object), which is atomic because no other process writes the store.
 * Keyv's own key prefix is off (the key scheme carries the namespace).
 */
export class KeyvTokenStore implements TokenStore {
  readonly #keyv: Keyv<string>;
  readonly #queue: KeyedMutex;
  readonly #getMany: boolean;

  constructor(store: AnyKeyvStore) {
    let queue = queues.get(store);
    if (!queue) {
      queue = new KeyedMutex();
      queues.set(store, queue);
    }
    this.#queue = queue;
    this.#getMany = typeof (store as Partial<KeyvStoreAdapter>).getMany === 'function';
    this.#keyv = new Keyv<string>({
      store,
      namespace: undefined,
      useKeyPrefix: false,
      throwOnErrors: true,
      emitErrors: false,
      // An in-process Map holds values as they are; any other store gets Keyv's JSON.
      ...(store instanceof Map ? { serialize: undefined, deserialize: undefined } : {}),
    });
  }

  get(key: string): Promise<string | undefined> {
    return this.#store(() => this.#keyv.get(key));
  }

  getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    // Keyv's fallback for stores without getMany turns errors into misses; single gets do not.
    return this.#store(() =>
      this.#getMany
        ? this.#keyv.getMany([...keys])
        : Promise.all(keys.map((key) => this.#keyv.get(key))),
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.#queue.run(key, () => this.#write(key, value, ttlMs));
  }

  add(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.replaceIf(key, (current) => current === undefined, value, ttlMs);
  }

  replaceIf(
    key: string,
    accept: (current: string | undefined) => boolean,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    return this.#queue.run(key, async () => {
      if (!accept(await this.get(key))) return false;
      await this.#write(key, value, ttlMs);
      return true;
    });
  }

  async delete(key: string): Promise<void> {
    await this.#queue.run(key, () => this.#store(() => this.#keyv.delete(key)));
  }

  async #write(key: string, value: string, ttlMs: number): Promise<void> {
    const stored = await this.#store(() => this.#keyv.set(key, value, ttlMs));
    if (!stored) throw new UnavailableError('cache', 'the Keyv store did not store the value');
  }

  async #store<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isCacheToggleError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new UnavailableError('cache', message, { cause: error });
    }
  }
}
