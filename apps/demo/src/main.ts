import { isCacheToggleError } from '@cachetoggle/model';
import { buildApp } from './app';
import { startupBanner } from './banner';
import { type DemoConfig, loadConfig } from './config';
import { createLogger } from './logger';
import { openBackends } from './wiring';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: DemoConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!isCacheToggleError(error)) throw error;
    process.stderr.write(`cachetoggle demo: configuration error: ${error.message}\n`);
    process.exit(2);
  }

  const logger = createLogger(config.logLevel);
  const backends = await openBackends(config, logger);
  const app = buildApp({ service: backends.service, config, probes: backends.probes, logger });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await backends.close();
    logger.info('stopped');
    // A stop the user asked for is a success: exiting 0 (rather than dying of the signal) is
    // what lets `pnpm demo` end after Ctrl-C without reporting a failed command.
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    logger.error({ err: error }, 'could not listen');
    await backends.close();
    process.exitCode = 1;
    return;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(
    startupBanner({
      url: `http://${host}:${port}`,
      config,
      ...backends.describe,
      examplePersonId: backends.examplePersonId,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`cachetoggle demo: could not start: ${describe(error)}\n`);
  process.exit(1);
});

// Startup failures come from the backends; their errors never carry the connection string.
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
