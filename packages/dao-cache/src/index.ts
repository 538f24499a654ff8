export * from './key-scheme';
export * from './keyv-person-cache';
export { KETAMA_POINTS_PER_SERVER, KetamaRing } from './memcache/ketama-ring';
export * from './memcache-person-cache';
export {
  DEFAULT_MEMCACHE_TIMEOUT_MS,
  type MemcachePersonCacheOptions,
} from './memcache-person-cache-options';
export { MEMCACHED_LEASE, MEMCACHED_LEASE_OWNER } from './memcache-stored-read';
export { DEFAULT_MAX_VALUE_BYTES } from './stored-value';
