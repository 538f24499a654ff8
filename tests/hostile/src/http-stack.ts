import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { createTestDatabase } from '@cachetoggle/testing/mariadb';
import { expect, inject } from 'vitest';
import { buildApp } from '../../../apps/demo/src/app';
import { type DemoConfig, loadConfig } from '../../../apps/demo/src/config';
import { createLogger } from '../../../apps/demo/src/logger';
import { type Backends, openBackends } from '../../../apps/demo/src/wiring';
import { openPersonTableReader, type PersonTableReader } from './canaries';

/** The admin token of the apps under test. */
export const ADMIN_TOKEN = 'hostile-admin-token-0123456789';

/** A request as `app.inject()` takes it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** Sent as `application/json` unless `headers` say otherwise; no content type without one. */
  readonly payload?: string | Buffer;
}

/** The parts of an `app.inject()` answer the tests read. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  json(): unknown;
}

/** The demo app as `main` wires it, on a fresh MariaDB database and the run's memcached. */
export interface HttpStack {
  readonly app: ReturnType<typeof buildApp>;
  readonly backends: Backends;
  readonly config: DemoConfig;
  readonly table: PersonTableReader;
  /** Every log line so far, as written (JSON text). */
  readonly logLines: readonly string[];
  /**
   * Sends `request` and checks what every answer must be: never a 5xx, an error in the API's
   * shape, and no log line at error level or with a stack trace for it. With `socket`, the
   * request goes over a real connection with its URL exactly as given (`inject()` resolves
   * dot segments, even encoded ones, before the app sees them).
   */
  send(request: HttpRequest, options?: { socket?: boolean }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Opens the app with `env` over a database of its own (dropped by `close`). */
export async function openHttpStack(name: string, env: NodeJS.ProcessEnv = {}): Promise<HttpStack> {
  const database = await createTestDatabase('ct_hostile');
  const config = loadConfig({
    ADMIN_TOKEN,
    DATABASE_URL: database.url,
    MEMCACHE_SERVERS: inject('memcacheServers'),
    ...env,
  });
  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const backends = await openBackends(config, logger, {
    cacheNamespace: `${inject('memcacheNamespace')}-${name}`,
  });
  const app = buildApp({ service: backends.service, config, probes: backends.probes, logger });
  const table = await openPersonTableReader(database.url);
  return {
    app,
    backends,
    config,
    table,
    logLines,
    async send(request, options = {}) {
      const before = logLines.length;
      const headers = {
        ...(request.payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      };
      const answer: HttpAnswer = options.socket
        ? await overSocket(app, { ...request, headers })
        : await app.inject({ ...request, headers });
      expect(answer.statusCode, answer.body).toBeLessThan(500);
      if (answer.statusCode >= 400) {
        expect(answer.json()).toEqual({
          error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
        });
      }
      for (const line of logLines.slice(before)) expectNoFaultLogged(line);
      return answer;
    },
    async close() {
      await app.close();
      await backends.close();
      await table.close();
      await database.drop();
    },
  };
}

/**
 * Sends `request` over a real connection, its URL byte for byte, without any check (the app
 * listens on an ephemeral port of 127.0.0.1 from the first call).
 */
export async function overSocket(app: HttpStack['app'], request: HttpRequest): Promise<HttpAnswer> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        agent: false,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            statusCode: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body,
            json: () => JSON.parse(body),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.payload);
  });
}

/** A log line of a client's mistake: below error level, no error object, no stack trace. */
export function expectNoFaultLogged(line: string): void {
  const entry = JSON.parse(line) as { level: number; err?: unknown };
  expect(entry.level, line.slice(0, 500)).toBeLessThan(50);
  expect(entry.err, line.slice(0, 500)).toBeUndefined();
  expect(line).not.toMatch(/"stack"|\\n\s+at /);
}

/** Expects the API's error answer: `status`, `code`, and for validation errors the `field`. */
export function expectError(answer: HttpAnswer, status: number, code: string, field?: string) {
  expect(answer.statusCode, answer.body.slice(0, 500)).toBe(status);
  const error = { code, message: expect.any(String), ...(field === undefined ? {} : { field }) };
  expect(answer.json()).toEqual({ error });
}

/** Percent-encodes every character outside `A-Z a-z 0-9 _ -` (UTF-8), dots included. */
export function pathSegment(id: string): string {
  return [...Buffer.from(id, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/**
 * True when `value` arrives over JSON as itself: strings (lone surrogates travel escaped),
 * finite numbers, booleans, null, arrays and plain objects of those. `undefined`, NaN, bigints,
 * symbols, functions and objects that print as something else only reach the layers below.
 */
export function travelsAsJson(value: unknown): boolean {
  try {
    const text = JSON.stringify(value);
    return text !== undefined && isDeepStrictEqual(JSON.parse(text), value);
  } catch {
    return false;
  }
}
