export {
  CacheKeyScheme,
  DEFAULT_CACHE_NAMESPACE,
  MAX_CACHE_KEY_BYTES,
  MAX_NAMESPACE_LENGTH,
} from './key-scheme';
export { KETAMA_POINTS_PER_SERVER, KetamaRing } from './memcache/ketama-ring';
export { MemcachePersonCache } from './memcache-person-cache';
export {
  DEFAULT_MEMCACHE_TIMEOUT_MS,
  type MemcachePersonCacheOptions,
} from './memcache-person-cache-options';
export { MEMCACHED_LEASE, MEMCACHED_LEASE_OWNER } from './memcache-stored-read';
export { DEFAULT_MAX_VALUE_BYTES } from './stored-value';
