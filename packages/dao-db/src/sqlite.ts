export { SqlitePersonDb } from './sqlite-person-db';
export type { SqlitePersonDbOptions } from './sqlite-person-db-options';
