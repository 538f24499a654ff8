import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const REQUIRED_RATIOS = [
  'hit_vs_memjs_1',
  'hit_vs_memjs_64',
  'hit_vs_memjs_batched_64',
  'dbmode_vs_mysql2_64',
  'dbmode_vs_mysql2_notrace_64',
  'miss_vs_handwritten_1',
  'miss_vs_handwritten_64',
  'getmany100_vs_keyv_getmany',
  'getmany100_vs_keyv_getmany_1',
  'getmany100_vs_raw_multiget_1',
  'getmany100_vs_bare_pipeline_1',
  'hit_vs_cachemanager_64',
  'hit_vs_cacheable_64',
  'stampede_db_reads_1proc',
  'stampede_db_reads_4proc',
  'ring_moved_fraction_3to4',
  'hotkey_db_reads_per_ttl',
  'write_outbox_vs_plain_64',
  'invalidation_delivery_ms_p99',
  'mode_propagation_ms_p99',
];

/** Counts that may honestly be 0, but must be there and be whole numbers. */
const REQUIRED_COUNTS = [
  'stampede_db_reads_1proc',
  'stampede_db_reads_4proc',
  'stampede_db_reads_cache_down',
  'hotkey_misses',
];

const dir = mkdtempSync(join(tmpdir(), 'cachetoggle-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pnpm bench --quick', () => {
  it('runs every case at smoke size and reports the table and the ratio lines', async () => {
    const out = join(dir, 'BENCHMARKS.md');
    // The real entry point, as `pnpm bench` runs it, with servers and a database of its own.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'src/main.ts', '--quick', '--out', out],
      { cwd: new URL('..', import.meta.url).pathname, maxBuffer: 16 * 2 ** 20 },
    );
    const file = readFileSync(out, 'utf8');
    expect(file).toBe(stdout);
    // The file is committed: it must already be in the form the repository's formatter wants.
    const formatted = execFileSync(
      new URL('../../node_modules/.bin/biome', import.meta.url).pathname,
      ['format', '--stdin-file-path=BENCHMARKS.md'],
      { input: file, encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname },
    );
    expect(file).toBe(formatted);
    expect(file).toMatch(/\| CPU +\| .+ × \d+ +\|/);
    expect(file).toMatch(/\| Node +\| v\d+/);
    expect(file).toContain('Command: `pnpm bench --quick');
    for (const section of [
      'Hit',
      'Miss',
      'memcached commands per service read',
      'DB mode',
      'getMany(100), warm',
      'Stampede',
      'Placement: keys moved when a server joins',
      'Hot key',
      'Memory',
      'Writes with the outbox',
      'Invalidation delivery by the outbox',
      'Mode propagation through the shared mode row',
    ]) {
      expect(file).toContain(`## ${section}\n`);
    }
    expect(file).toMatch(/\| cachetoggle get \(hit\) +\| +64 \| +\d+ \|/);

    const lines = file.trimEnd().split('\n');
    const ratioLines = lines.slice(lines.lastIndexOf('## Headline ratios') + 2);
    expect(ratioLines.length).toBeGreaterThan(0);
    const ratios = new Map(
      ratioLines.map((line) => {
        const match = /^ratio ([a-z0-9_]+)=(\S+)$/.exec(line);
        expect(match, line).not.toBeNull();
        return [match?.[1], Number(match?.[2])] as const;
      }),
    );
    for (const name of REQUIRED_RATIOS) {
      expect(ratios.get(name), name).toBeGreaterThan(0);
      expect(Number.isFinite(ratios.get(name)), name).toBe(true);
    }
    for (const name of REQUIRED_COUNTS) {
      expect(Number.isInteger(ratios.get(name)), name).toBe(true);
      expect(ratios.get(name), name).toBeGreaterThanOrEqual(0);
    }
    // A share of keys, not a ratio of speeds.
    expect(ratios.get('ring_moved_fraction_3to4')).toBeLessThanOrEqual(1);
    // memcached's own counters: a hit is exactly one get and no store, whatever the protocol.
    expect(file).toMatch(/\| hit \(the same 100 again\) +\| cmd_get 1\.00, cmd_set 0\.00,/);
    expect(file).toMatch(/\| heap used at start +\| [\d.]+ MB +\|/);
    expect(file).toMatch(/\| heap used at end +\| [\d.]+ MB +\|/);
  });
});
