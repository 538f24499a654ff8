import KeyvMemcache from '@keyv/memcache';
import { type Cache, createCache } from 'cache-manager';
import { Cacheable } from 'cacheable';
import Keyv from 'keyv';

/** TTL the peers store values with, the same as cachetoggle's default. */
export const PEER_TTL_MS = 300_000;

/** A peer library over its own `@keyv/memcache` store (its own connection). */
export interface Peer<T> {
  readonly client: T;
  close(): void;
}

/** keyv over `@keyv/memcache`, the store both peers below use. */
export function openKeyv(servers: string, namespace: string): Peer<Keyv> {
  const store = new KeyvMemcache(servers);
  const keyv = new Keyv({ store, namespace });
  // A store error must not become an unhandled 'error' event that kills the run.
  keyv.on('error', () => {});
  return { client: keyv, close: () => store.client.close() };
}

/** cache-manager 7 (`createCache`) with keyv over `@keyv/memcache` as its only store. */
export function openCacheManager(servers: string, namespace: string): Peer<Cache> {
  const keyv = openKeyv(servers, namespace);
  return { client: createCache({ stores: [keyv.client], ttl: PEER_TTL_MS }), close: keyv.close };
}

/** cacheable 2 with keyv over `@keyv/memcache` as its primary (and only) store. */
export function openCacheable(servers: string, namespace: string): Peer<Cacheable> {
  const keyv = openKeyv(servers, namespace);
  return { client: new Cacheable({ primary: keyv.client, ttl: PEER_TTL_MS }), close: keyv.close };
}
