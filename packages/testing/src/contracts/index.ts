export * from './person-cache.contract';
export * from './person-db.contract';
