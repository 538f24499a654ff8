export * from './memcached-fleet';
export * from './memcached-probe';
export * from './raw-memcached';
export * from './start-memcached';
