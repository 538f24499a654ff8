export { SqlitePersonDb, type SqlitePersonDbOptions } from './sqlite-person-db';
