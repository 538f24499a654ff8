export * from './person-db.contract';
