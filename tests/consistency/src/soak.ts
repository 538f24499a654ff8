// `pnpm soak`: the consistency checker at full size. Options (or environment variables):
//   --ops (SOAK_OPS, default 10000)            operations per implementation
//   --processes (SOAK_PROCESSES, 2)            service processes per implementation
//   --servers (SOAK_SERVERS, 1)                private memcached servers the processes share
//   --ids (SOAK_IDS, 8)                        ids per round
//   --ops-per-round (SOAK_OPS_PER_ROUND, 500)  operations per round
//   --concurrency (SOAK_CONCURRENCY, 12)       operations in flight per process
//   --seed (SOAK_SEED, 1)
// Each implementation runs the same faults in turns, one per round (every fifth round and the
// last are clean): a late commit (another client holds row locks past the short client timeout
// of half the processes), a memcached server hung (SIGSTOP, SIGCONT), a process SIGKILLed and
// replaced, a memcached server added to the shared list and removed again; the workers switch
// the mode through the shared row meanwhile.
// Ends with the line
// `consistency: ops=… processes=… servers=… stale_ours=… stale_naive=… lost_writes=… stale_after_ack_ms_max=…`.
import { parseArgs } from 'node:util';
import { DEFAULT_CHECKER_OPTIONS } from './checker/checker-options';
import { consistencyLine, describeImplementation } from './checker/checker-summary';
import { runChecker } from './checker/run-checker';

function size(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    console.error(
      `${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`,
    );
    process.exit(2);
  }
  return n;
}

// pnpm passes a `--` before the options on (`pnpm --filter … soak -- --ops 40000`): it separates
// pnpm's options from the script's, so it is dropped here rather than ending the options.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    ops: { type: 'string' },
    processes: { type: 'string' },
    servers: { type: 'string' },
    ids: { type: 'string' },
    'ops-per-round': { type: 'string' },
    concurrency: { type: 'string' },
    seed: { type: 'string' },
  },
});
const env = process.env;
const d = DEFAULT_CHECKER_OPTIONS;
const options = {
  ...d,
  ops: size('--ops', values.ops ?? env.SOAK_OPS, d.ops, 1),
  processes: size('--processes', values.processes ?? env.SOAK_PROCESSES, d.processes, 1),
  servers: size('--servers', values.servers ?? env.SOAK_SERVERS, d.servers, 1),
  ids: size('--ids', values.ids ?? env.SOAK_IDS, d.ids, 1),
  opsPerRound: size(
    '--ops-per-round',
    values['ops-per-round'] ?? env.SOAK_OPS_PER_ROUND,
    d.opsPerRound,
    1,
  ),
  concurrency: size('--concurrency', values.concurrency ?? env.SOAK_CONCURRENCY, d.concurrency, 1),
  seed: size('--seed', values.seed ?? env.SOAK_SEED, d.seed, 0),
  log: (line: string) => console.log(line),
};

const report = await runChecker(options);
for (const line of describeImplementation(report.ours)) console.log(line);
for (const line of describeImplementation(report.naive)) console.log(line);
console.log(consistencyLine(report));
