import { defineConfig } from 'drizzle-kit';

/** `pnpm db:generate` writes the MySQL/MariaDB migrations; they are committed and reviewed. */
export default defineConfig({
  dialect: 'mysql',
  schema: './src/mysql-schema.ts',
  out: './drizzle/mysql',
});
