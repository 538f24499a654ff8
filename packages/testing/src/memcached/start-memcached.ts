import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

/** A memcached server process owned by the test that started it. */
export interface MemcachedProcess {
  /** `127.0.0.1:<port>`, the form `MEMCACHE_SERVERS` takes. */
  readonly servers: string;
  readonly port: number;
  /** True while the process runs (paused counts as running). */
  readonly running: boolean;
  /** Stops it with SIGTERM and waits for the exit. */
  stop(): Promise<void>;
  /** Kills it (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (empty, as after a crash) and waits until it accepts. */
  start(): Promise<void>;
  /**
   * Freezes the process (SIGSTOP): connections stay open, nothing is answered. The signal is
   * sent at once; the promise resolves when the process has stopped (a request sent the moment
   * after the signal can still be answered while its threads are being stopped).
   */
  pause(): Promise<void>;
  /** Unfreezes a paused process (SIGCONT). */
  resume(): void;
}

const CANDIDATE_BINARIES = [
  '/usr/bin/memcached',
  '/usr/local/bin/memcached',
  '/usr/sbin/memcached',
];

/** The memcached binary, or an error that says how to get one. */
export function memcachedBinary(): string {
  const found = CANDIDATE_BINARIES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    'memcached is not installed: run `apt-get install -y memcached` (pnpm test does this on ' +
      'Debian as root), or point the tests at a server with CACHETOGGLE_TEST_MEMCACHE_SERVERS=host:port',
  );
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

/** Resolves once `port` accepts a TCP connection; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connected = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`nothing accepts connections on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a private memcached on `port` (a free one by default). */
export async function startMemcached(
  options: { port?: number; memoryMb?: number } = {},
): Promise<MemcachedProcess> {
  const binary = memcachedBinary();
  const port = options.port ?? (await freePort());
  const args = [
    '-l',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    '0',
    '-m',
    String(options.memoryMb ?? 64),
    '-c',
    '1024',
  ];
  if (process.getuid?.() === 0) args.push('-u', 'root');
  let child: ChildProcess | undefined;

  const spawnServer = async () => {
    const started = spawn(binary, args, { stdio: 'ignore' });
    started.unref();
    child = started;
    const exited = once(started, 'exit').then(() => {
      throw new Error(`memcached on port ${port} exited at start`);
    });
    await Promise.race([waitForPort(port), exited]);
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    // Referenced again while we wait, or a plain Node process with nothing else to do would
    // exit (code 13: unsettled top-level await) before the exit event arrives.
    current.ref();
    const exited = once(current, 'exit');
    current.kill('SIGCONT');
    current.kill(signal);
    await exited;
  };

  await spawnServer();
  return {
    servers: `127.0.0.1:${port}`,
    port,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    stop: () => terminate('SIGTERM'),
    kill: (signal = 'SIGKILL') => terminate(signal),
    start: async () => {
      if (child && child.exitCode === null && child.signalCode === null) return;
      await spawnServer();
    },
    pause: async () => {
      const current = child;
      current?.kill('SIGSTOP');
      if (current?.pid !== undefined) await stopped(current.pid);
    },
    resume: () => {
      child?.kill('SIGCONT');
    },
  };
}

/**
 * Resolves once the process `pid` is in the stopped state (`T` in /proc/<pid>/stat), or at once
 * where there is no /proc to ask; rejects when it has not stopped within a second.
 */
async function stopped(pid: number): Promise<void> {
  const statPath = `/proc/${pid}/stat`;
  if (!existsSync(statPath)) return;
  const deadline = Date.now() + 1000;
  for (;;) {
    const stat = await readFile(statPath, 'utf8').catch(() => '');
    // The state follows the command name, which is in parentheses and may contain spaces.
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return;
    if (Date.now() > deadline) throw new Error(`memcached (pid ${pid}) did not stop on SIGSTOP`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
