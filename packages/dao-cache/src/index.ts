export * from './key-scheme';
export * from './keyv-person-cache';
export * from './memcache-expiry';
export * from './memcache-person-cache';
export * from './stored-value';
