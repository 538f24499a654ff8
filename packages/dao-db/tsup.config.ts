import { defineConfig } from 'tsup';
import { publishedPackageBuild } from '../../tsup.shared.ts';

export default defineConfig({
  ...publishedPackageBuild,
  // import.meta.url (which finds drizzle/ beside dist/) must work in the CJS build too.
  shims: true,
});
