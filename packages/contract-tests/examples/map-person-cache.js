import {
  decodeCacheEntry,
  encodeCacheEntry,
  MISS,
  parseCacheEntry,
  parseCacheTtl,
  UnavailableError,
} from '@cachetoggle/model';

/**
 * A team's own `PersonCache` on a `Map`: values encoded with the model's codec, a fresh token
 * for every store, and every argument checked by the model's rules. `add` and
 * `putIfUntouched` check and store in one synchronous step, which is what makes them atomic.
 */
export class MapPersonCache {
  #items = new Map();
  #nextToken = 1n;
  #closed = false;

  async get(id) {
    return this.#read(id).read;
  }

  async getMany(ids) {
    this.#checkOpen();
    return new Map(ids.map((id) => [id, this.#read(id).read]));
  }

  async getIdentifiable(id) {
    return this.#read(id);
  }

  async set(id, entry, ttlMs) {
    this.#store(id, this.#encode(id, entry, ttlMs), ttlMs);
  }

  async add(id, entry, ttlMs) {
    const value = this.#encode(id, entry, ttlMs);
    if (this.#read(id).token !== undefined) return undefined;
    return this.#store(id, value, ttlMs);
  }

  async putIfUntouched(id, entry, token, ttlMs) {
    const value = this.#encode(id, entry, ttlMs);
    if (this.#read(id).token !== token) return false;
    this.#store(id, value, ttlMs);
    return true;
  }

  async delete(id) {
    this.#checkOpen();
    this.#items.delete(id);
  }

  async close() {
    this.#closed = true;
  }

  #encode(id, entry, ttlMs) {
    this.#checkOpen();
    const ttl = parseCacheTtl(ttlMs);
    return encodeCacheEntry(parseCacheEntry(id, entry), Date.now() + ttl);
  }

  #store(id, value, ttlMs) {
    const token = this.#nextToken++;
    this.#items.set(id, { value, token, forgetAt: Date.now() + ttlMs });
    return token;
  }

  #read(id) {
    this.#checkOpen();
    const item = this.#items.get(id);
    if (item === undefined || item.forgetAt <= Date.now()) return { read: MISS, token: undefined };
    return { read: decodeCacheEntry(item.value, id), token: item.token };
  }

  #checkOpen() {
    if (this.#closed) throw new UnavailableError('cache', 'closed');
  }
}
