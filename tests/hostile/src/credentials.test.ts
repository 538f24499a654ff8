import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { KeyvPersonCache } from '@cachetoggle/dao-cache/keyv';
import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { CacheAsidePersonService } from '@cachetoggle/service';
import { connectToTestServer, createTestDatabase } from '@cachetoggle/testing/mariadb';
import { freePort } from '@cachetoggle/testing/memcached';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../apps/demo/src/app';
import { loadConfig } from '../../../apps/demo/src/config';
import { daoHealthProbes } from '../../../apps/demo/src/health-probes';
import { createLogger } from '../../../apps/demo/src/logger';
import { openBackends } from '../../../apps/demo/src/wiring';
import { ADMIN_TOKEN, expectError } from './http-stack';

const SECRET = `Pw-${randomBytes(6).toString('hex')}`;
const USER = `ct_hostile_${randomBytes(3).toString('hex')}`;

/** Everything an error shows when logged or printed: message, JSON, and the whole cause chain. */
const shown = (error: unknown) =>
  `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 8 })}`;

function expectNoCredentials(text: string, url: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(encodeURIComponent(SECRET));
  expect(text).not.toContain(url);
  expect(text).not.toContain(`${USER}:`);
}

/** What `call` threw, or `undefined`. */
function attempt(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', { write: (l: string) => void lines.push(l) }) };
}

/** The demo app on a database that is down or refuses us: its answers and its logs. */
async function appOn(url: string) {
  const { lines, logger } = capture();
  const config = loadConfig({ ADMIN_TOKEN, DATABASE_URL: url });
  const db = await MysqlPersonDb.open({ url: config.database?.url() ?? '', connectTimeoutMs: 500 });
  const cache = new KeyvPersonCache();
  const service = new CacheAsidePersonService({ db, cache, logger });
  const app = buildApp({ service, config, probes: daoHealthProbes(db, cache), logger });
  const answers = [];
  for (const request of [
    { method: 'GET', url: '/people/ada' },
    { method: 'GET', url: '/people?ids=ada,grace' },
    { method: 'POST', url: '/people', payload: { firstName: 'A', lastName: 'B' } },
    { method: 'GET', url: '/healthz' },
  ] as const) {
    answers.push(await app.inject(request));
  }
  await app.close();
  await Promise.all([service.close(), db.close(), cache.close()]);
  return { answers, logs: lines.join('') };
}

describe('credentials: never logged, never in an error message', () => {
  it('a database on a closed port: 503s that say what is wrong, and no password anywhere', async () => {
    const url = `mysql://${USER}:${SECRET}@127.0.0.1:${await freePort()}/ct_nowhere`;
    const { answers, logs } = await appOn(url);
    for (const answer of answers.slice(0, 3)) {
      expectError(answer, 503, 'UNAVAILABLE');
      expect(answer.json()).toMatchObject({
        error: { message: 'db unavailable: connection refused' },
      });
    }
    expect(answers[3]?.statusCode).toBe(503);
    expectNoCredentials(answers.map((a) => a.body).join(' ') + logs, url);
    const startup = await openBackends(loadConfig({ DATABASE_URL: url }), capture().logger).catch(
      (e) => e,
    );
    expect(startup).toBeInstanceOf(Error);
    expectNoCredentials(shown(startup), url);
  });

  it('a wrong password: 503 "access denied", and the password is nowhere', async () => {
    const database = await createTestDatabase('ct_hostile');
    const url = `mysql://root:${SECRET}@127.0.0.1:3306/${database.name}`;
    try {
      const { answers, logs } = await appOn(url);
      expect(answers[0]?.json()).toEqual({
        error: { code: 'UNAVAILABLE', message: 'db unavailable: access denied' },
      });
      expectNoCredentials(answers.map((a) => a.body).join(' ') + logs, url);
    } finally {
      await database.drop();
    }
  });

  it.for([
    ['another scheme', `postgres://u:${SECRET}@127.0.0.1/db`],
    ['a query string', `mysql://u:x@127.0.0.1/db?password=${SECRET}`],
    ['no host', `mysql://u:${SECRET}@/db`],
    ['a bad database name', `mysql://u:${SECRET}@127.0.0.1/a;b`],
    ['a broken percent-encoding', `mysql://u:%ZZ${SECRET}@127.0.0.1/db`],
    ['no URL at all', `u:${SECRET}@127.0.0.1`],
  ] as const)('a DATABASE_URL with %s is refused without being repeated', async ([, url]) => {
    // The demo's check or, at the latest, the DAO's when it opens: a ValidationError either way.
    const fromConfig = attempt(() => loadConfig({ DATABASE_URL: url }));
    const fromDao = await MysqlPersonDb.open({ url }).then(
      (db) => db.close().then(() => undefined),
      (error: unknown) => error,
    );
    const errors = [fromConfig, fromDao].filter((e) => e instanceof Error);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toMatchObject({
        code: 'VALIDATION',
        field: expect.stringMatching(/^(DATABASE_URL|url)$/),
      });
      expectNoCredentials(shown(error), url);
    }
  });

  it('MEMCACHE_SERVERS with credentials is refused without being repeated', () => {
    const servers = `${USER}:${SECRET}@127.0.0.1:11211`;
    const error = attempt(() => loadConfig({ MEMCACHE_SERVERS: servers }));
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'MEMCACHE_SERVERS' });
    expectNoCredentials(shown(error), servers);
  });
});

describe('credentials: a whole run with a password in DATABASE_URL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('ct_hostile');
    const admin = await connectToTestServer();
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [USER, host, SECRET]);
        await admin.query(`GRANT ALL ON \`${database.name}\`.* TO ?@?`, [USER, host]);
      }
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    const admin = await connectToTestServer();
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        await admin.query('DROP USER IF EXISTS ?@?', [USER, host]);
      }
    } finally {
      await admin.end();
    }
    await database.drop();
  });

  it('starts, serves, and logs the database as host:port/db only', async () => {
    const url = `mysql://${USER}:${SECRET}@127.0.0.1:3306/${database.name}`;
    const { lines, logger } = capture();
    const config = loadConfig({ ADMIN_TOKEN, DATABASE_URL: url });
    const backends = await openBackends(config, logger);
    const app = buildApp({ service: backends.service, config, probes: backends.probes, logger });
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/people',
        payload: { id: 'ada', firstName: 'Ada', lastName: 'Lovelace' },
      });
      expect(created.statusCode).toBe(201);
      expect((await app.inject({ method: 'GET', url: '/people/ada' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(JSON.stringify(config)).not.toContain(SECRET);
      expect(inspect(config)).not.toContain(SECRET);
    } finally {
      await app.close();
      await backends.close();
    }
    const ready = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'backends ready');
    expect(ready?.db).toBe(`mysql://127.0.0.1:3306/${database.name}`);
    expectNoCredentials(lines.join(''), url);
  });
});
