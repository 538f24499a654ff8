import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests import the workspace packages from source, so `pnpm --filter <pkg> test` needs no
 * build; the built output is proven separately by scripts/check-packages.mjs.
 */
export const workspaceAliases = {
  '@cachetoggle/model': here('./packages/model/src/index.ts'),
  '@cachetoggle/dao-db/mysql': here('./packages/dao-db/src/mysql.ts'),
  '@cachetoggle/dao-db/sqlite': here('./packages/dao-db/src/sqlite.ts'),
  '@cachetoggle/dao-cache/memcache': here('./packages/dao-cache/src/memcache.ts'),
  '@cachetoggle/dao-cache/keyv': here('./packages/dao-cache/src/keyv.ts'),
  '@cachetoggle/service': here('./packages/service/src/index.ts'),
  '@cachetoggle/testing/memcached': here('./packages/testing/src/memcached/index.ts'),
  '@cachetoggle/testing/mariadb': here('./packages/testing/src/mariadb/index.ts'),
  '@cachetoggle/contract-tests': here('./packages/contract-tests/src/index.ts'),
  '@cachetoggle/testing/hostile': here('./packages/testing/src/hostile/index.ts'),
  '@cachetoggle/testing/fakes': here('./packages/testing/src/fakes/index.ts'),
};

/** The vitest project of one workspace package. */
export function packageProject(
  name: string,
  options: { globalSetup?: string[]; testTimeout?: number } = {},
) {
  return defineProject({
    resolve: { alias: workspaceAliases },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      globalSetup: options.globalSetup ?? [],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 60_000,
    },
  });
}
