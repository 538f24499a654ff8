export { DEFAULT_CACHE_NAMESPACE, MAX_NAMESPACE_LENGTH } from './key-scheme';
export { KeyvPersonCache, type KeyvPersonCacheOptions } from './keyv-person-cache';
export { DEFAULT_MAX_VALUE_BYTES } from './stored-value';
