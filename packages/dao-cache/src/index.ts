export * from './key-scheme';
export * from './keyv-person-cache';
export * from './memcache-person-cache';
export { DEFAULT_MAX_VALUE_BYTES } from './stored-value';
