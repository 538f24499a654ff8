import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { type DemoConfig, loadConfig } from './config';
import { createLogger } from './logger';
import { type Backends, openBackends, type WiringOptions } from './wiring';

/** The admin token of every test app. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A wired app under test, and how to take it down. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly backends: Backends;
  readonly config: DemoConfig;
  /** Every log line written so far, as parsed JSON. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** An in-memory log destination for pino. */
export function logCapture(): { logger: Logger; logs: Record<string, unknown>[]; text(): string } {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return {
    logger,
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => lines.join(''),
  };
}

/**
 * `openBackends` + `buildApp` as `main` runs them, from an explicit environment (never the
 * test runner's own): the embedded SQLite file in a fresh temporary data dir unless `env` names
 * servers. Logs are captured, not printed.
 */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  options: WiringOptions = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-demo-test-'));
  const config = loadConfig({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, DEMO_DATA_DIR: dataDir, ...env });
  const capture = logCapture();
  const backends = await openBackends(config, capture.logger, options);
  const app = buildApp({
    service: backends.service,
    config,
    probes: backends.probes,
    topology: backends.topology,
    logger: capture.logger,
  });
  return {
    app,
    backends,
    config,
    get logs() {
      return capture.logs;
    },
    close: async () => {
      await app.close();
      await backends.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
