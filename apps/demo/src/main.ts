import { isCacheToggleError } from '@cachetoggle/model';
import { buildApp } from './app';
import { startupBanner } from './banner';
import { type DemoConfig, loadConfig } from './config';
import { createLogger } from './logger';
import { exitOnSignals } from './shutdown';
import { openBackends } from './wiring';

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
  const app = buildApp({
    service: backends.service,
    config,
    probes: backends.probes,
    topology: backends.topology,
    logger,
  });

  exitOnSignals({
    logger,
    close: async () => {
      await app.close();
      await backends.close();
    },
  });

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
