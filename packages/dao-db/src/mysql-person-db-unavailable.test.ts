import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { UnavailableError } from '@cachetoggle/model';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MysqlPersonDb } from './mysql-person-db';
import type { MysqlPersonDbOptions } from './mysql-person-db-options';
import { type PausableTcpProxy, startPausableTcpProxy } from './pausable-tcp-proxy';

const databaseUrl = inject('databaseUrl');
const PASSWORD = 'S3cr3t-pa55word';

/** The run's database reached through 127.0.0.1:`port`, as `user:password` if given. */
function urlVia(port: number, user?: string, password?: string): string {
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${port}`;
  if (user !== undefined) url.username = user;
  if (password !== undefined) url.password = password;
  return url.toString();
}

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What `call` rejected with, and after how long. */
async function failure(call: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  const error = await call.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - start };
}

function expectUnavailable(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(UnavailableError);
  expect((error as Error).message).toBe(`db unavailable: ${message}`);
  expect(String(error)).not.toContain(PASSWORD);
  expect(String(error)).not.toContain('mysql://');
}

describe('MysqlPersonDb when the server is unavailable', () => {
  const toClose: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const c of toClose.splice(0).reverse()) await c.close();
  });
  async function open(options: MysqlPersonDbOptions): Promise<MysqlPersonDb> {
    const db = await MysqlPersonDb.open(options);
    toClose.push(db);
    return db;
  }
  async function proxy(target?: { host: string; port: number }): Promise<PausableTcpProxy> {
    const started = await startPausableTcpProxy(target);
    toClose.push(started);
    return started;
  }

  it('a refused connection is an UnavailableError at once, without the password', async () => {
    const db = await open({ url: urlVia(await closedPort(), 'app', PASSWORD) });
    const { error, ms } = await failure(db.get('someone'));
    expectUnavailable(error, 'connection refused');
    expect(ms).toBeLessThan(1000);
  });

  it('a server that accepts and never answers fails every waiting call within connectTimeoutMs', async () => {
    const silent = await proxy();
    const db = await open({
      url: urlVia(silent.port, 'app', PASSWORD),
      poolSize: 1,
      connectTimeoutMs: 200,
    });
    const start = performance.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => failure(db.get(`waiting-${i}`))),
    );
    for (const { error } of results) {
      expect(error).toBeInstanceOf(UnavailableError);
      expect(String(error)).not.toContain(PASSWORD);
    }
    // One connection attempt at a time (poolSize 1, 200 ms each), yet no call waits for the
    // attempts before its own: all fail after 200 ms, not after up to 10 × 200 ms.
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a server refusing with "too many connections" is an UnavailableError saying so', async () => {
    // What MySQL sends instead of its handshake when max_connections is reached.
    const payload = Buffer.concat([
      Buffer.from([0xff, 0x10, 0x04]), // error packet, ER_CON_COUNT_ERROR (1040)
      Buffer.from('#08004Too many connections'),
    ]);
    const header = Buffer.from([payload.length, 0, 0, 0]);
    const full = createServer((socket) => socket.end(Buffer.concat([header, payload])));
    full.listen(0, '127.0.0.1');
    await once(full, 'listening');
    toClose.push({ close: async () => void full.close() });
    const db = await open({ url: urlVia((full.address() as AddressInfo).port, 'app', PASSWORD) });
    expectUnavailable((await failure(db.get('someone'))).error, 'too many connections');
  });

  it('wrong credentials are an UnavailableError (access denied), without the password', async () => {
    const port = Number(new URL(databaseUrl).port || 3306);
    const db = await open({ url: urlVia(port, 'ct_nobody', PASSWORD) });
    expectUnavailable((await failure(db.get('someone'))).error, 'access denied');
  });

  it('a server that hangs mid-connection fails within queryTimeoutMs; the pool then recovers', async () => {
    const { hostname, port } = new URL(databaseUrl);
    const flaky = await proxy({ host: hostname, port: Number(port || 3306) });
    const db = await open({ url: urlVia(flaky.port), connectTimeoutMs: 300, queryTimeoutMs: 300 });
    await db.migrate();
    const p = await db.create({ id: `hang-${Date.now()}`, firstName: 'Hung', lastName: 'Server' });
    flaky.pause();
    const { error, ms } = await failure(db.get(p.id));
    expectUnavailable(error, 'query timed out after 300 ms');
    expect(ms).toBeLessThan(2000);
    flaky.resume();
    await expect(db.get(p.id)).resolves.toStrictEqual(p);
  });

  it.each([
    { connectTimeoutMs: 2000, queryTimeoutMs: 200, within: [200, 1500] },
    { connectTimeoutMs: 100, queryTimeoutMs: 600, within: [550, 1900] },
  ])(
    'a read on a hung connection fails at its own deadline, whatever the connect limit ($connectTimeoutMs ms / $queryTimeoutMs ms)',
    async ({ connectTimeoutMs, queryTimeoutMs, within }) => {
      const { hostname, port } = new URL(databaseUrl);
      const flaky = await proxy({ host: hostname, port: Number(port || 3306) });
      const db = await open({ url: urlVia(flaky.port), connectTimeoutMs, queryTimeoutMs });
      await db.migrate();
      flaky.pause();
      const { error, ms } = await failure(db.get('someone'));
      expectUnavailable(error, `query timed out after ${queryTimeoutMs} ms`);
      expect(ms).toBeGreaterThanOrEqual(within[0] as number);
      expect(ms).toBeLessThan(within[1] as number);
    },
  );

  it('a server that goes away is an UnavailableError, and close() does not wait for it', async () => {
    const { hostname, port } = new URL(databaseUrl);
    const flaky = await proxy({ host: hostname, port: Number(port || 3306) });
    const db = await open({ url: urlVia(flaky.port), connectTimeoutMs: 300, queryTimeoutMs: 300 });
    await expect(db.get('before')).resolves.toBeUndefined();
    flaky.pause();
    const start = performance.now();
    await db.close();
    expect(performance.now() - start).toBeLessThan(1000);
    await flaky.close();
    const again = await open({ url: urlVia(flaky.port), connectTimeoutMs: 300 });
    expect((await failure(again.get('after'))).error).toBeInstanceOf(UnavailableError);
  });
});
