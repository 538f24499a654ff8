export { MysqlPersonDb } from './mysql-person-db';
export type { MysqlPersonDbOptions } from './mysql-person-db-options';
