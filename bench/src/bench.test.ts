import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const REQUIRED_RATIOS = [
  'hit_vs_memjs_1',
  'hit_vs_memjs_64',
  'dbmode_vs_mysql2_64',
  'miss_vs_handwritten_1',
  'getmany100_vs_keyv_getmany',
  'hit_vs_cachemanager_64',
  'hit_vs_cacheable_64',
  'stampede_db_reads_1proc',
  'stampede_db_reads_4proc',
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
    for (const section of ['Hit', 'Miss', 'DB mode', 'getMany(100), warm', 'Stampede', 'Memory']) {
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
    }
    expect(Number.isInteger(ratios.get('stampede_db_reads_1proc'))).toBe(true);
    expect(Number.isInteger(ratios.get('stampede_db_reads_4proc'))).toBe(true);
    expect(Number.isInteger(ratios.get('stampede_db_reads_cache_down'))).toBe(true);
    expect(file).toMatch(/\| heap used at start +\| [\d.]+ MB +\|/);
    expect(file).toMatch(/\| heap used at end +\| [\d.]+ MB +\|/);
  });
});
