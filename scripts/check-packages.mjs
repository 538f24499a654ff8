// Proves what a consumer installs: for each published package, publint and
// @arethetypeswrong/cli on the packed tarball, the ESM and the CJS build load in Node with the
// same exports, and @cachetoggle/service installed alone pulls in no database or cache driver.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const PUBLISHED = ['model', 'dao-db', 'dao-cache', 'service'];
const DRIVERS = ['mysql2', 'drizzle-orm', '@libsql/client', 'keyv', '@keyv/memcache', 'memjs'];

const failures = [];
const check = (name, fn) => {
  try {
    fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failures.push(name);
    console.log(
      `FAIL ${name}\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}${error.message}`,
    );
  }
};
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

const packDir = mkdtempSync(join(tmpdir(), 'cachetoggle-pack-'));
const tarballs = {};
try {
  for (const name of PUBLISHED) {
    const dir = join(root, 'packages', name);
    const pkg = `@cachetoggle/${name}`;
    check(`${pkg}: pnpm pack`, () => {
      sh('pnpm', ['pack', '--pack-destination', packDir], dir);
      tarballs[name] = join(
        packDir,
        readdirSync(packDir).find((f) => f.startsWith(`cachetoggle-${name}-`)),
      );
    });
    check(`${pkg}: publint`, () =>
      sh('pnpm', ['exec', 'publint', '--strict', tarballs[name]], root),
    );
    check(`${pkg}: are the types wrong`, () =>
      sh(
        'pnpm',
        ['exec', 'attw', tarballs[name], '--profile', 'node16', '--format', 'table-flipped'],
        root,
      ),
    );
    check(`${pkg}: ESM and CJS builds load with the same exports`, () => {
      const esm = sh(
        'node',
        [
          '--input-type=module',
          '-e',
          `console.log(Object.keys(await import('${pkg}')).sort().join())`,
        ],
        dir,
      );
      const cjs = sh(
        'node',
        ['-e', `console.log(Object.keys(require('${pkg}')).sort().join())`],
        dir,
      );
      if (esm.trim() === '' || esm !== cjs)
        throw new Error(`ESM exports [${esm.trim()}] != CJS exports [${cjs.trim()}]`);
    });
  }

  check('@cachetoggle/service installed alone pulls in no driver', () => {
    const app = mkdtempSync(join(tmpdir(), 'cachetoggle-consumer-'));
    try {
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
      sh(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
          tarballs.model,
          tarballs.service,
        ],
        app,
      );
      const found = DRIVERS.filter((d) => existsSync(join(app, 'node_modules', d)));
      if (found.length > 0) throw new Error(`installed: ${found.join(', ')}`);
      sh(
        'node',
        [
          '-e',
          "const s = require('@cachetoggle/service'); if (!s.CacheAsidePersonService) process.exit(1)",
        ],
        app,
      );
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

console.log(
  failures.length ? `\npackage checks: ${failures.length} failed` : '\npackage checks: all passed',
);
process.exit(failures.length ? 1 : 0);
