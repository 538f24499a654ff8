import { defineConfig } from 'drizzle-kit';

/** `pnpm db:generate` writes the SQLite migrations; they are committed and reviewed. */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/sqlite-schema.ts',
  out: './drizzle/sqlite',
});
