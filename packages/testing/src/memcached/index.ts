export * from './memcached-fleet';
export * from './memcached-probe';
export * from './start-memcached';
