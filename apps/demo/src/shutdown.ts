import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/** How long a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** What `exitOnSignals` needs; the defaults are the real process's. */
export interface ShutdownOptions {
  /** Closes everything, in order (the server first, then the backends). */
  readonly close: () => Promise<void>;
  readonly logger: Logger;
  /** Where the signals come from. */
  readonly signals?: EventEmitter;
  readonly exit?: (code: number) => void;
  readonly graceMs?: number;
}

/**
 * On SIGINT or SIGTERM: closes gracefully and exits 0. A stop the user asked for is a success;
 * exiting 0 rather than dying of the signal is what lets `pnpm demo` end after Ctrl-C without
 * reporting a failed command. A second signal, a close that fails, or one that takes longer
 * than `graceMs` exits 1 at once.
 */
export function exitOnSignals(options: ShutdownOptions): void {
  const { close, logger, signals = process, graceMs = SHUTDOWN_GRACE_MS } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => {
        clearTimeout(timer);
        logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
}
