import { isCacheToggleError } from '@cachetoggle/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../apps/demo/src/config';
import { ADMIN_TOKEN, expectError, type HttpStack, openHttpStack } from './http-stack';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`).join(',');

/** The ValidationError `loadConfig(env)` throws; fails if it does not throw one. */
function configError(env: NodeJS.ProcessEnv): { field: string; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    if (isCacheToggleError(error) && error.code === 'VALIDATION') {
      return error as unknown as { field: string; message: string };
    }
    throw error;
  }
  return expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('limits of the demo: defaults and configuration', () => {
  it('has sane defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      bodyLimitBytes: 16 * 1024,
      maxIdsPerRequest: 100,
      dbPoolSize: 10,
    });
  });

  it.for([
    ['BODY_LIMIT_BYTES', ['0', '63', '10485761', '1e4', '-1', '16k', '99999999999999999999']],
    ['MAX_IDS_PER_REQUEST', ['0', '1001', '1.5', 'all']],
    ['DB_POOL_SIZE', ['0', '101', 'many', '-5']],
  ] as const)('%s outside its range is a ValidationError naming it', ([name, values]) => {
    for (const value of values) {
      const error = configError({ [name]: value });
      expect(error.field).toBe(name);
      expect(error.message).toMatch(new RegExp(`^${name}: must be an integer from \\d+ to \\d+$`));
    }
  });
});

describe('limits of the demo: past them, a clear error', () => {
  let http: HttpStack;
  beforeAll(async () => {
    http = await openHttpStack('limits-http', {
      BODY_LIMIT_BYTES: '256',
      MAX_IDS_PER_REQUEST: '3',
    });
  });
  afterAll(() => http.close());

  it('a body of BODY_LIMIT_BYTES is read, one byte more is a 413', async () => {
    const body = (size: number) => {
      const json = JSON.stringify({ firstName: 'A', lastName: 'x' });
      return json.replace('"x"', `"${'x'.repeat(size - json.length + 1)}"`);
    };
    expect(Buffer.byteLength(body(256))).toBe(256);
    const fits = await http.send({ method: 'POST', url: '/people', payload: body(256) });
    expectError(fits, 400, 'VALIDATION', 'lastName');
    const over = await http.send({ method: 'POST', url: '/people', payload: body(257) });
    expectError(over, 413, 'BODY_TOO_LARGE');
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const mode = await http.send({
      method: 'PUT',
      url: '/mode',
      payload: body(257),
      headers: auth,
    });
    expectError(mode, 413, 'BODY_TOO_LARGE');
  });

  it('MAX_IDS_PER_REQUEST ids are read, one more is a 400 naming ids', async () => {
    const ok = await http.send({ method: 'GET', url: `/people?ids=${ids(3)}` });
    expect(ok.json()).toEqual({ people: [], missing: ['id-0', 'id-1', 'id-2'] });
    const over = await http.send({ method: 'GET', url: `/people?ids=${ids(4)}` });
    expectError(over, 400, 'VALIDATION', 'ids');
    expect(over.body).toContain('at most 3 ids, got 4');
    const repeated = await http.send({ method: 'GET', url: '/people?ids=a&ids=b&ids=c&ids=d' });
    expectError(repeated, 400, 'VALIDATION', 'ids');
  });
});

describe('limits of the demo: the defaults hold', () => {
  let http: HttpStack;
  beforeAll(async () => {
    http = await openHttpStack('limits-default');
  });
  afterAll(() => http.close());

  it('100 ids are read, 101 are a 400; a 1 MiB body is a 413', async () => {
    expect((await http.send({ method: 'GET', url: `/people?ids=${ids(100)}` })).statusCode).toBe(
      200,
    );
    const over = await http.send({ method: 'GET', url: `/people?ids=${ids(101)}` });
    expectError(over, 400, 'VALIDATION', 'ids');
    const payload = JSON.stringify({ firstName: 'x'.repeat(1024 * 1024), lastName: 'L' });
    expectError(
      await http.send({ method: 'POST', url: '/people', payload }),
      413,
      'BODY_TOO_LARGE',
    );
  });
});
