import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the embedded database lives when `DEMO_DATA_DIR` is unset: `.demo-data` at the root of
 * the checkout (git ignores it), found by walking up to `pnpm-workspace.yaml`; outside a
 * checkout, a directory under the system's temporary directory.
 */
export function defaultDataDir(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dir, '.demo-data');
    const parent = dirname(dir);
    if (parent === dir) return join(tmpdir(), 'cachetoggle-demo');
    dir = parent;
  }
}
