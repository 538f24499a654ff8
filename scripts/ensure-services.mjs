// Makes sure the servers the tests need are reachable and the browser the dashboard test drives
// is installed, installing or starting them where this machine allows it (Debian, root), and
// otherwise saying exactly what is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const MEMCACHED_BINARIES = [
  '/usr/bin/memcached',
  '/usr/local/bin/memcached',
  '/usr/sbin/memcached',
];
const MARIADBD = '/usr/sbin/mariadbd';
const CHROMIUM = '/usr/bin/chromium';

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitUntilReachable(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await reachable(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

async function ensureMemcached() {
  const given = process.env.CACHETOGGLE_TEST_MEMCACHE_SERVERS || process.env.MEMCACHE_SERVERS;
  if (given) {
    const [host, port] = given.split(',')[0].trim().split(':');
    if (await reachable(host, Number(port || 11211)))
      return `memcached: using ${host}:${port || 11211}`;
    throw new Error(
      `memcached: nothing answers at ${host}:${port || 11211} (from MEMCACHE_SERVERS)`,
    );
  }
  if (MEMCACHED_BINARIES.some((p) => existsSync(p)))
    return 'memcached: binary found; each test run starts its own server';
  if (!isRoot || !hasApt) {
    throw new Error(
      'memcached: not installed. Install it (Debian/Ubuntu: `apt-get install -y memcached`, macOS: `brew install memcached`) ' +
        'or set CACHETOGGLE_TEST_MEMCACHE_SERVERS=host:port to a server the tests may use.',
    );
  }
  return {
    install: 'memcached',
    line: 'memcached: installed; each test run starts its own server',
  };
}

async function ensureDatabase() {
  const url = new URL(
    process.env.CACHETOGGLE_TEST_DATABASE_URL ||
      process.env.DATABASE_URL ||
      'mysql://root@127.0.0.1:3306/test',
  );
  const host = url.hostname;
  const port = Number(url.port || 3306);
  if (await reachable(host, port))
    return `MySQL/MariaDB: reachable at ${host}:${port}; each test run creates its own database`;
  const local = host === '127.0.0.1' || host === 'localhost';
  if (local && isRoot && existsSync(MARIADBD)) {
    console.log(`MySQL/MariaDB: not answering at ${host}:${port}; starting ${MARIADBD}`);
    spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', MARIADBD], {
      stdio: 'inherit',
    });
    if (await waitUntilReachable(host, port, 30_000))
      return `MySQL/MariaDB: started at ${host}:${port}`;
  }
  throw new Error(
    `MySQL/MariaDB: nothing answers at ${host}:${port}. Start a server there, or set ` +
      'CACHETOGGLE_TEST_DATABASE_URL=mysql://user:pass@host:port/db (the user must be allowed to CREATE DATABASE).',
  );
}

// The demo's dashboard test drives the machine's Chromium; no test tool may download its own.
async function ensureChromium() {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (existsSync(given)) return `chromium: using ${given}`;
    throw new Error(`chromium: nothing at ${given} (from CHROMIUM_PATH)`);
  }
  if (existsSync(CHROMIUM)) return `chromium: found at ${CHROMIUM}`;
  if (!isRoot || !hasApt) {
    throw new Error(
      `chromium: not installed at ${CHROMIUM}. Install it (Debian/Ubuntu: \`apt-get install -y chromium\`) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary the dashboard test may start.',
    );
  }
  return { install: 'chromium', line: `chromium: installed at ${CHROMIUM}` };
}

// What is missing is installed in one apt-get run: `apt-get update` is the slow part.
function aptInstall(packages) {
  if (packages.length === 0) return;
  console.log(`not installed: ${packages.join(', ')}; installing with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}

/**
 * Resolves with one status line per server (and the browser, when `browser` is set: only the
 * tests drive one, `pnpm soak` and `pnpm bench` do not), or rejects with what is missing.
 */
export async function ensureServices({ browser = true } = {}) {
  const checks = [await ensureMemcached(), await ensureDatabase()];
  if (browser) checks.push(await ensureChromium());
  aptInstall(checks.flatMap((check) => (typeof check === 'string' ? [] : [check.install])));
  return checks.map((check) => (typeof check === 'string' ? check : check.line));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureServices({ browser: process.argv.includes('--browser') }).then(
    (lines) => console.log(lines.join('\n')),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
