import { defineConfig } from 'tsup';
import { publishedPackageBuild } from '../../tsup.shared.ts';

export default defineConfig({
  ...publishedPackageBuild,
  // One entry per driver: importing one never loads the other's driver.
  entry: ['src/mysql.ts', 'src/sqlite.ts'],
  // import.meta.url (which finds drizzle/ beside dist/) must work in the CJS build too.
  shims: true,
});
