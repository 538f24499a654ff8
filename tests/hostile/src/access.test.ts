import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAdminAuthorization } from '../../../apps/demo/src/admin-auth';
import { loadConfig } from '../../../apps/demo/src/config';
import { ADMIN_TOKEN, expectError, type HttpStack, openHttpStack } from './http-stack';

let http: HttpStack;
beforeAll(async () => {
  http = await openHttpStack('access');
});
afterAll(() => http.close());

const putMode = (payload: string, headers: Record<string, string> = {}) =>
  http.send({ method: 'PUT', url: '/mode', payload, headers });
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('access: the mode switch needs the admin token', () => {
  it.for([
    ['no Authorization header', {}],
    ['an empty header', { authorization: '' }],
    ['the bare token', { authorization: ADMIN_TOKEN }],
    ['Basic auth with the token', { authorization: `Basic ${btoa(`admin:${ADMIN_TOKEN}`)}` }],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token-at-all' }],
    ['the token with one more character', { authorization: `Bearer ${ADMIN_TOKEN}x` }],
    ['the token less its last character', { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}` }],
    ['the token in another case', { authorization: `Bearer ${ADMIN_TOKEN.toUpperCase()}` }],
    ['Bearer and nothing', { authorization: 'Bearer ' }],
    ['two tokens', { authorization: `Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}` }],
    ['a 10 KiB token', { authorization: `Bearer ${'t'.repeat(10_240)}` }],
    ['a SQL injection', { authorization: "Bearer ' OR '1'='1" }],
    ['the token in a cookie', { cookie: `token=${ADMIN_TOKEN}` }],
  ] as const)('%s is a 401, and the mode stays', async ([, headers]) => {
    const answer = await putMode('{"useDb":true}', headers);
    expectError(answer, 401, 'UNAUTHORIZED');
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="cachetoggle"');
    expect(http.backends.service.mode()).toEqual({ useDb: false });
  });

  it('the token in the query string is a 401', async () => {
    const answer = await http.send({
      method: 'PUT',
      url: `/mode?token=${ADMIN_TOKEN}&access_token=${ADMIN_TOKEN}`,
      payload: '{"useDb":true}',
    });
    expectError(answer, 401, 'UNAUTHORIZED');
  });

  it('an anonymous body is not even parsed: broken JSON without the token is a 401', async () => {
    expectError(await putMode('{"useDb":'), 401, 'UNAUTHORIZED');
  });

  it('with the token the mode switches (the scheme name is case-insensitive)', async () => {
    const logged = http.logLines.length;
    const on = await putMode('{"useDb":true}', { authorization: `bearer ${ADMIN_TOKEN}` });
    expect(on.json()).toEqual({ useDb: true });
    const off = await putMode('{"useDb":false}', auth);
    expect(off.json()).toEqual({ useDb: false });
    expect((await http.send({ method: 'GET', url: '/mode' })).json()).toEqual({ useDb: false });
    // The header is never logged (a token put in the URL would be, with the URL).
    expect(http.logLines.slice(logged).join('\n')).not.toContain(ADMIN_TOKEN);
  });

  it.for([
    ['a string', 'useDb', '{"useDb":"true"}'],
    ['a number', 'useDb', '{"useDb":1}'],
    ['null', 'useDb', '{"useDb":null}'],
    ['no field', 'useDb', '{}'],
    ['an unknown field', 'mode', '{"useDb":true,"admin":true}'],
    ['an array', 'mode', '[true]'],
    ['a bare boolean', 'mode', 'true'],
    ['a __proto__ key', 'mode', '{"useDb":true,"__proto__":{"admin":true}}'],
  ] as const)('with the token, a body with %s is a 400 naming %s', async ([, field, payload]) => {
    expectError(await putMode(payload, auth), 400, 'VALIDATION', field);
    expect(http.backends.service.mode()).toEqual({ useDb: false });
  });

  it('tokens of any length compare without throwing', () => {
    for (const given of ['', 'x', ADMIN_TOKEN, 'y'.repeat(100_000), '\u{1f600}']) {
      expect(isAdminAuthorization(`Bearer ${given}`, ADMIN_TOKEN)).toBe(given === ADMIN_TOKEN);
    }
    expect(isAdminAuthorization(undefined, ADMIN_TOKEN)).toBe(false);
  });
});

describe('access: where the demo listens and which token it takes', () => {
  it('binds to 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: '127.0.0.1 --inspect' })).toThrow(/HOST/);
  });

  it('generates a long random admin token when none is given', () => {
    const [a, b] = [loadConfig({}), loadConfig({})];
    expect(a.adminTokenGenerated).toBe(true);
    expect(a.adminToken.length).toBeGreaterThanOrEqual(32);
    expect(a.adminToken).not.toBe(b.adminToken);
  });

  it('refuses a short ADMIN_TOKEN without repeating it', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'short-secret' })).toThrow(/^ADMIN_TOKEN: /);
    expect(() => loadConfig({ ADMIN_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });
});
