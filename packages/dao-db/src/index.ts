export * from './mysql-person-db';
export type { MysqlPersonDbOptions } from './mysql-person-db-options';
export * from './sqlite-person-db';
export type { SqlitePersonDbOptions } from './sqlite-person-db-options';
