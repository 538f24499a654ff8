export * from './cache-codec';
export * from './cache-entry';
export * from './contracts/mode-store';
export * from './contracts/person-cache';
export * from './contracts/person-db';
export * from './errors';
export * from './person';
export * from './person-id';
