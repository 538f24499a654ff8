import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the dashboard's files are on disk. */
export interface DashboardFiles {
  /** The page, its script and its styles (the package's `dashboard/` folder). */
  readonly page: string;
  /** uPlot's built files, as installed from npm. */
  readonly uplot: string;
}

/**
 * Finds the dashboard's files from wherever this module runs: `src/` under the tests, the
 * bundled `dist/main.js` in `pnpm demo`. Both sit below the package folder that holds
 * `dashboard/`, so the first ancestor with `dashboard/index.html` is the one.
 */
export function findDashboardFiles(
  start: string = dirname(fileURLToPath(import.meta.url)),
): DashboardFiles {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'dashboard', 'index.html'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no dashboard/index.html above ${start}`);
    dir = parent;
  }
  const require = createRequire(join(dir, 'package.json'));
  return { page: join(dir, 'dashboard'), uplot: dirname(require.resolve('uplot')) };
}
