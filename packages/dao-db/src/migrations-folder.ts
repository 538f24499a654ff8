import { fileURLToPath } from 'node:url';

// Resolved from this module's own location: `src/` in tests, `dist/` (ESM, or CJS through
// tsup's import.meta.url shim) once built; `drizzle/` sits beside both in the package.

/** The committed MySQL/MariaDB migrations (drizzle-kit output). */
export const MYSQL_MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle/mysql', import.meta.url));

/** The committed SQLite migrations (drizzle-kit output). */
export const SQLITE_MIGRATIONS_FOLDER = fileURLToPath(
  new URL('../drizzle/sqlite', import.meta.url),
);
