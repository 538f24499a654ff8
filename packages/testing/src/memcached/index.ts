export * from './start-memcached';
