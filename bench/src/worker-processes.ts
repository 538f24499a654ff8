import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * Forks `count` copies of the TypeScript `script` (run through tsx, as the benchmark itself
 * runs), each with `env` added to this process's environment. Each is a process of its own:
 * its own event loop, DB pool and memcached connections, as separate application servers are.
 */
export function forkWorkers(
  script: URL,
  count: number,
  env: Readonly<Record<string, string>>,
): ChildProcess[] {
  return Array.from({ length: count }, () =>
    fork(fileURLToPath(script), {
      execArgv: ['--import', import.meta.resolve('tsx')],
      env: { ...process.env, ...env },
    }),
  );
}

/** The next message of `worker`; rejects if it exits first. */
export function nextReport<T>(worker: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      worker.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      worker.off('message', onMessage);
      reject(new Error(`worker exited (code ${code}) before answering`));
    };
    worker.once('message', onMessage);
    worker.once('exit', onExit);
  });
}

/** Sends `order` to every worker at once and collects their answers, in worker order. */
export function askAll<T>(workers: readonly ChildProcess[], order: unknown): Promise<T[]> {
  return Promise.all(
    workers.map((worker) => {
      const reply = nextReport<T>(worker);
      worker.send(order as object);
      return reply;
    }),
  );
}

/** Disconnects every worker (each closes its clients and exits) and waits for the exits. */
export async function stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = once(worker, 'exit');
      if (worker.connected) worker.disconnect();
      await exited;
    }),
  );
}
