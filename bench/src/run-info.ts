import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type memjs from 'memjs';
import type mysql from 'mysql2/promise';
import type { BenchEnvironment } from './environment';
import type { RunInfo } from './report';
import type { BenchScale } from './scale';

const PACKAGES = [
  '@cachetoggle/model',
  '@cachetoggle/dao-db',
  '@cachetoggle/dao-cache',
  '@cachetoggle/service',
  'memjs',
  'mysql2',
  'keyv',
  '@keyv/memcache',
  'cache-manager',
  'cacheable',
];

const require = createRequire(import.meta.url);

function resolveEntry(name: string): string {
  try {
    return require.resolve(name);
  } catch {
    return require.resolve(`${name}/package.json`);
  }
}

function packageVersion(name: string): string {
  // The manifest is found next to the entry point, whatever the package's `exports` allow; a
  // package with subpath exports only (a driver per subpath) has no root entry to start from.
  let dir = resolveEntry(name);
  for (;;) {
    const parent = dir.slice(0, dir.lastIndexOf('/'));
    if (parent === dir || parent === '') return 'unknown';
    dir = parent;
    try {
      const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
      if (manifest.name === name) return manifest.version;
    } catch {
      // no manifest at this level: keep climbing
    }
  }
}

function memcachedVersion(client: memjs.Client): Promise<string> {
  return new Promise((resolve) => {
    client.stats((error, _server, stats) => resolve(error ? 'unknown' : String(stats?.version)));
  });
}

/** The machine, the servers, the versions and the command of this run. */
export async function collectRunInfo(
  scale: BenchScale,
  env: BenchEnvironment,
  memjsClient: memjs.Client,
  pool: mysql.Pool,
): Promise<RunInfo> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
  const cpus = os.cpus();
  return {
    command: ['pnpm bench', ...process.argv.slice(2)].join(' '),
    date: new Date().toISOString(),
    scale: scale.name,
    machine: [
      ['CPU', `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`],
      ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
      ['OS', `${os.type()} ${os.release()} ${os.arch()}`],
      ['Node', process.version],
      ['memcached', `${await memcachedVersion(memjsClient)} (${env.serversOrigin})`],
      ['MariaDB/MySQL', String(rows[0]?.v)],
    ],
    versions: PACKAGES.map((name) => [name, packageVersion(name)] as const),
  };
}
