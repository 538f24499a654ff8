import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ProtocolStep } from '@cachetoggle/service';
import {
  type FromHostMessage,
  fromRemoteError,
  type HostConfig,
  type ToHostMessage,
} from './host-protocol';
import type { LoadLogEntry } from './load-log';

const HOST_SCRIPT = fileURLToPath(new URL('./service-host.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
// Maps the workspace packages to their sources, as vitest's aliases do for the test process,
// so the hosts run the code in the tree rather than whatever was last built.
const SOURCE_TSCONFIG = fileURLToPath(new URL('../../tsconfig.source.json', import.meta.url));

/** A protocol step of a host held until the test releases it. */
export interface HeldStep {
  readonly step: ProtocolStep;
  readonly id: string;
  release(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A service instance in its own Node process (`node --import tsx service-host.ts`), sharing
 * the database and memcached with the others. `call` runs a service method there; `pauseAt`
 * arms a one-shot pause at a protocol step for one id.
 */
export class ServiceHostProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #pauses = new Map<number, (held: HeldStep) => void>();
  readonly #exited: Promise<number | null>;
  #onLog: ((entry: LoadLogEntry) => void) | undefined;
  #nextCallId = 1;
  #stderr = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (message: FromHostMessage) => this.#onMessage(message));
    this.#exited = once(child, 'exit').then(([code]) => {
      const error = new Error(`service host exited (${code}): ${this.#stderr.trim()}`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      return code as number | null;
    });
  }

  /** Forks a host and waits until its service is open. */
  static async start(config: HostConfig): Promise<ServiceHostProcess> {
    const child = fork(HOST_SCRIPT, [JSON.stringify(config)], {
      cwd: PACKAGE_DIR,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TSX_TSCONFIG_PATH: SOURCE_TSCONFIG },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const host = new ServiceHostProcess(child);
    const ready = new Promise<void>((resolve) => {
      child.on('message', (message: FromHostMessage) => {
        if (message.type === 'ready') resolve();
      });
    });
    await Promise.race([
      ready,
      host.#exited.then((code) => {
        throw new Error(`service host exited at start (${code}): ${host.#stderr.trim()}`);
      }),
    ]);
    return host;
  }

  /** The host's process id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Runs `method` of the host (a service method, or runLoad/drain/stats/close). */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    const callId = this.#nextCallId++;
    const result = new Promise<T>((resolve, reject) => {
      this.#pending.set(callId, { resolve: resolve as (value: unknown) => void, reject });
    });
    this.#send({ type: 'call', callId, method, args });
    return result;
  }

  /**
   * Arms a one-shot pause: the next time the host's service reaches `step` for `id`, it stops
   * there. Resolves once armed; `reached` resolves with a handle that lets the step go on.
   */
  async pauseAt(step: ProtocolStep, id: string): Promise<{ reached: Promise<HeldStep> }> {
    const pauseId = await this.call<number>('pauseAt', step, id);
    return { reached: new Promise((resolve) => this.#pauses.set(pauseId, resolve)) };
  }

  /**
   * Closes the host's service and connections, then waits for the process to exit by itself:
   * it can only do so when nothing is left open (sockets, timers), so `exitedByItself: false`
   * means something leaked and the process had to be killed after `timeoutMs`.
   */
  async close(timeoutMs = 5000): Promise<{ exitedByItself: boolean }> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
      return { exitedByItself: this.#child.exitCode === 0 };
    }
    await this.call('close');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      this.#child.kill('SIGKILL');
    }, timeoutMs);
    try {
      const code = await this.#exited;
      return { exitedByItself: !killed && code === 0 };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Where the entries of the host's `runLoad` go (dropped until one is set). */
  onLog(listener: (entry: LoadLogEntry) => void): void {
    this.#onLog = listener;
  }

  /** Kills the process (cleanup after a failed test). */
  kill(): void {
    this.#child.kill('SIGKILL');
  }

  /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
  async crash(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    // 'close' comes after the last message of the IPC channel, so nothing arrives after it.
    const closed = once(this.#child, 'close');
    this.#child.kill('SIGKILL');
    await closed;
  }

  #send(message: ToHostMessage): void {
    this.#child.send(message);
  }

  #onMessage(message: FromHostMessage): void {
    if (message.type === 'log') {
      this.#onLog?.(message.entry);
    } else if (message.type === 'result' || message.type === 'failure') {
      const pending = this.#pending.get(message.callId);
      this.#pending.delete(message.callId);
      if (message.type === 'result') pending?.resolve(message.value);
      else pending?.reject(fromRemoteError(message.error));
    } else if (message.type === 'paused') {
      const resolve = this.#pauses.get(message.pauseId);
      this.#pauses.delete(message.pauseId);
      resolve?.({
        step: message.step,
        id: message.id,
        release: () => this.#send({ type: 'release', pauseId: message.pauseId }),
      });
    }
  }
}
