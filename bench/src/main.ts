// `pnpm bench`: cachetoggle against the raw clients and the peer libraries, on a memcached and a
// database of the run's own. Progress goes to stderr; the report (ending with the
// `ratio <name>=<value>` lines) to stdout and to BENCHMARKS.md at the repository root.
import { writeFileSync } from 'node:fs';
import { type BenchContext, createBenchContext } from './bench-context';
import { migrateDatabase, openMysqlDb } from './cachetoggle';
import { runCommandsPerReadCase } from './cases/commands-per-read';
import { runDbModeCase } from './cases/db-mode';
import { runEmbeddedCase } from './cases/embedded';
import { runFleetCase } from './cases/fleet';
import { runGetManyCase } from './cases/get-many';
import { runHitCase } from './cases/hit';
import { runHotKeyCase } from './cases/hot-key';
import { runMemoryCase } from './cases/memory';
import { runMissCase } from './cases/miss';
import { runNearCacheCase } from './cases/near-cache';
import { runRingCase } from './cases/ring';
import { runStampedeCase } from './cases/stampede';
import { type BenchEnvironment, openEnvironment } from './environment';
import { openMemjs, openRawPool } from './raw-clients';
import { BenchReport } from './report';
import { collectRunInfo } from './run-info';
import { chooseScale } from './scale';

const CASES: readonly (readonly [string, (ctx: BenchContext) => Promise<void>])[] = [
  ['hit', runHitCase],
  ['miss', runMissCase],
  ['commands', runCommandsPerReadCase],
  ['db-mode', runDbModeCase],
  ['get-many', runGetManyCase],
  ['stampede', runStampedeCase],
  ['ring', runRingCase],
  ['hot-key', runHotKeyCase],
  ['memory', runMemoryCase],
  ['embedded', runEmbeddedCase],
  ['fleet', runFleetCase],
  ['near-cache', runNearCacheCase],
];

/** Set by Ctrl-C: from then on only the interrupt handler ends the process. */
let interrupted = false;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<void> {
  const scale = chooseScale(process.argv.slice(2), process.env);
  const only = option('--only')?.split(',');
  const unknown = only?.filter((name) => !CASES.some(([known]) => known === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown case(s) ${unknown.join(', ')}`);
  // A full run writes the repository's BENCHMARKS.md; a smoke run only where --out says.
  const out =
    option('--out') ??
    (scale.name === 'full' ? new URL('../../BENCHMARKS.md', import.meta.url).pathname : undefined);

  const started = Date.now();
  const log = (message: string) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  log(`scale ${scale.name}: starting servers and seeding ${scale.seededPeople} people`);
  // Ctrl-C must not leave the run's memcached running or its database behind; during the
  // set-up it takes effect once the environment exists.
  let env: BenchEnvironment | undefined;
  const stop = (opened: BenchEnvironment) => {
    log('interrupted: dropping the database and stopping memcached');
    opened.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => {
    interrupted = true;
    if (env) stop(env);
  });
  env = await openEnvironment(scale.seededPeople, migrateDatabase);
  if (interrupted) {
    await env.close();
    process.exit(130);
  }
  try {
    const report = new BenchReport();
    const memjs = openMemjs(env.servers);
    const pool = openRawPool(env.databaseUrl);
    const db = await openMysqlDb(env.databaseUrl);
    const ctx = createBenchContext({ env, scale, report, memjs, pool, db });
    try {
      const info = await collectRunInfo(scale, env, memjs, pool);
      for (const [name, run] of CASES) {
        if (only && !only.includes(name)) continue;
        log(`case ${name}`);
        await run(ctx);
      }
      const text = report.render(info);
      process.stdout.write(text);
      if (out) {
        writeFileSync(out, text);
        log(`wrote ${out}`);
      }
    } finally {
      await ctx.close();
    }
  } finally {
    await env.close();
  }
  log('done');
}

main().then(
  () => {
    if (!interrupted) process.exit(0);
  },
  (error: unknown) => {
    if (interrupted) return;
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
