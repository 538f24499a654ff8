// `pnpm test`: servers, then lint, types, build, every package's tests, the packaging checks,
// and one closing line `N passed, N failed` summed from every vitest run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureServices } from './ensure-services.mjs';

const root = new URL('..', import.meta.url).pathname;
const resultFiles = () =>
  ['packages', 'apps', 'tests']
    .flatMap((group) =>
      readdirSync(`${root}/${group}`).map((name) => `${group}/${name}/.vitest-results.json`),
    )
    .filter((file) => existsSync(`${root}/${file}`));

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TURBO_TELEMETRY_DISABLED: '1',
      VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
    },
  });
  return result.status === 0;
}

function summarise() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of resultFiles()) {
    const report = JSON.parse(readFileSync(`${root}/${file}`, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0)
      failed += report.numFailedTestSuites;
  }
  return { passed, failed, skipped };
}

try {
  for (const line of await ensureServices()) console.log(line);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

for (const file of resultFiles()) rmSync(`${root}/${file}`);
const checks = [
  ['pnpm', ['exec', 'biome', 'ci', '.']],
  ['pnpm', ['exec', 'turbo', 'run', 'build', 'typecheck', '--output-logs=errors-only']],
  ['pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=3', '--continue']],
  ['node', ['scripts/check-packages.mjs']],
];
let ok = true;
for (const [command, args] of checks) ok = run(command, args) && ok;

const { passed, failed, skipped } = summarise();
if (passed + failed === 0) ok = false;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
