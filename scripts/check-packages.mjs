// Proves what a consumer installs: for each published package, publint and
// @arethetypeswrong/cli on the packed tarball, and every entry point's ESM and CJS builds load
// in Node with the same exports. Then, in empty projects installed with npm from the tarballs:
// each DAO with only the driver it needs pulls in no other driver, the service pulls in none,
// and a Map-based PersonCache and PersonDb pass the published contract suites under vitest
// while a cache with a non-atomic `add` fails, named.
import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const PUBLISHED = ['model', 'contract-tests', 'dao-db', 'dao-cache', 'service'];
const DRIVERS = ['mysql2', 'drizzle-orm', '@libsql/client', 'keyv', '@keyv/memcache', 'memjs'];
const EXAMPLES = join(root, 'packages', 'contract-tests', 'examples');

const failures = [];
const report = (name, error) => {
  if (error === undefined) return console.log(`ok   ${name}`);
  failures.push(name);
  console.log(
    `FAIL ${name}\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}${error.message}`,
  );
};
const check = (name, fn) => {
  try {
    fn();
    report(name);
  } catch (error) {
    report(name, error);
  }
};
const checkAsync = async (name, fn) => {
  try {
    await fn();
    report(name);
  } catch (error) {
    report(name, error);
  }
};
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
const shAsync = (cmd, args, cwd) =>
  promisify(execFile)(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** The subpaths a package exports, other than its package.json. */
const entryPoints = (dir) =>
  Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports).filter(
    (subpath) => subpath !== './package.json',
  );

/** An empty npm project with `packages` installed; `fn(dir)` runs in it, then it is removed. */
async function inConsumer(packages, fn) {
  const app = mkdtempSync(join(tmpdir(), 'cachetoggle-consumer-'));
  try {
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    await shAsync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packages],
      app,
    );
    await fn(app);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

const installedDrivers = (app) =>
  DRIVERS.filter((d) => existsSync(join(app, 'node_modules', d, 'package.json')));

/** A consumer that installs `packages` must end up with exactly the drivers `expected`. */
const driversCheck = (name, packages, expected, loads) =>
  checkAsync(name, () =>
    inConsumer(packages, async (app) => {
      const found = installedDrivers(app);
      if (found.join() !== expected.join()) {
        throw new Error(`drivers installed: [${found.join(', ')}], expected [${expected}]`);
      }
      const [specifier, name] = loads;
      await shAsync('node', ['-e', `if (!require('${specifier}').${name}) process.exit(1)`], app);
    }),
  );

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
  }
  for (const name of PUBLISHED) {
    check(`@cachetoggle/${name}: the tarball has README.md, LICENSE and CHANGELOG.md`, () => {
      const files = sh('tar', ['tzf', tarballs[name]], root).split('\n');
      const missing = ['README.md', 'LICENSE', 'CHANGELOG.md'].filter(
        (file) => !files.includes(`package/${file}`),
      );
      if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
    });
  }
  // The slow checks (publint, attw, the npm installs) run side by side; they start here.
  const toolChecks = PUBLISHED.flatMap((name) => [
    checkAsync(`@cachetoggle/${name}: publint`, () =>
      shAsync('pnpm', ['exec', 'publint', '--strict', tarballs[name]], root),
    ),
    checkAsync(`@cachetoggle/${name}: are the types wrong`, () =>
      shAsync(
        'pnpm',
        ['exec', 'attw', tarballs[name], '--profile', 'node16', '--format', 'table-flipped'],
        root,
      ),
    ),
  ]);
  for (const name of PUBLISHED) {
    const dir = join(root, 'packages', name);
    for (const subpath of entryPoints(dir)) {
      const specifier = `@cachetoggle/${name}${subpath.slice(1)}`;
      check(`${specifier}: ESM and CJS builds load with the same exports`, () => {
        const esm = sh(
          'node',
          [
            '--input-type=module',
            '-e',
            `console.log(Object.keys(await import('${specifier}')).sort().join())`,
          ],
          dir,
        );
        const cjs = sh(
          'node',
          ['-e', `console.log(Object.keys(require('${specifier}')).sort().join())`],
          dir,
        );
        if (esm.trim() === '' || esm !== cjs)
          throw new Error(`ESM exports [${esm.trim()}] != CJS exports [${cjs.trim()}]`);
      });
    }
  }

  check('@cachetoggle/model: an error of the CJS build is instanceof its ESM class', () => {
    const script = `
      const cjs = require('@cachetoggle/model');
      import('@cachetoggle/model').then((esm) => {
        const error = new cjs.NotFoundError('a');
        const ok = error instanceof esm.NotFoundError && !(error instanceof esm.ConflictError) &&
          esm.isCacheToggleError(error) &&
          !esm.isCacheToggleError(Object.assign(new Error('x'), { code: 'NOT_FOUND' }));
        process.exit(ok ? 0 : 1);
      });`;
    sh('node', ['-e', script], join(root, 'packages', 'model'));
  });

  const { model, service, 'dao-db': daoDb, 'dao-cache': daoCache } = tarballs;
  await Promise.all([
    ...toolChecks,
    driversCheck(
      '@cachetoggle/service installed alone pulls in no driver',
      [model, service],
      [],
      ['@cachetoggle/service', 'CacheAsidePersonService'],
    ),
    driversCheck(
      '@cachetoggle/dao-db/mysql with mysql2 pulls in no libsql, keyv or memjs',
      [model, daoDb, 'mysql2@^3.24.6'],
      ['mysql2', 'drizzle-orm'],
      ['@cachetoggle/dao-db/mysql', 'MysqlPersonDb'],
    ),
    driversCheck(
      '@cachetoggle/dao-cache/memcache installed alone pulls in no driver',
      [model, daoCache],
      [],
      ['@cachetoggle/dao-cache/memcache', 'MemcachePersonCache'],
    ),
    checkAsync(
      'a Map-based PersonCache and PersonDb pass the published suites; a broken add fails',
      () =>
        inConsumer([model, tarballs['contract-tests'], 'vitest@4.1.12'], async (app) => {
          for (const file of readdirSync(EXAMPLES))
            copyFileSync(join(EXAMPLES, file), join(app, file));
          const vitest = (file) =>
            promisify(execFile)('npx', ['vitest', 'run', file], {
              cwd: app,
              encoding: 'utf8',
              env: { ...process.env, NO_COLOR: '1' },
            });
          await vitest('map-backends.test.js');
          const broken = await vitest('broken-add.test.js').then(
            () => {
              throw new Error('the suite passed a cache whose add is not atomic');
            },
            (error) => String(error.stdout) + String(error.stderr),
          );
          const promise = 'add is atomic: of two racing adds on one key exactly one stores';
          if (!broken.includes('1 failed') || !broken.includes(promise)) {
            throw new Error(`the broken add does not fail alone, naming "${promise}":\n${broken}`);
          }
        }),
    ),
  ]);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

console.log(
  failures.length ? `\npackage checks: ${failures.length} failed` : '\npackage checks: all passed',
);
process.exit(failures.length ? 1 : 0);
