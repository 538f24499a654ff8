import { defineConfig } from 'vitest/config';

/** `vitest` from the root runs every package's own project. */
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'tests/*/vitest.config.ts',
    ],
  },
});
