export * from './mode-store.contract';
export * from './person-cache.contract';
export * from './person-db.contract';
export * from './topology-store.contract';
