import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

async function setUseDb(useDb: boolean, headers: Record<string, string> = admin) {
  return t.app.inject({ method: 'PUT', url: '/mode', headers, payload: { useDb } });
}

async function source(id: string): Promise<unknown> {
  return (await t.app.inject({ method: 'GET', url: `/people/${id}` })).headers['x-cache-source'];
}

describe('the mode switch', () => {
  it('starts in cache mode', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/mode' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ useDb: false });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: `Bearer ${TEST_ADMIN_TOKEN.replace(/.$/, 'x')}` }],
    ['the token without the scheme', { authorization: TEST_ADMIN_TOKEN }],
  ])('with %s is a 401 and changes nothing', async (_, headers) => {
    const response = await setUseDb(true, headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(response.json().error.code).toBe('UNAUTHORIZED');
    expect((await t.app.inject({ method: 'GET', url: '/mode' })).json()).toEqual({ useDb: false });
  });

  it('an anonymous request is refused before its body is read', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/mode',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['a string', { useDb: 'true' }, 'useDb'],
    ['a missing field', {}, 'useDb'],
    ['an extra field', { useDb: true, force: true }, 'mode'],
  ])('with the token, %s is a 400', async (_, payload, field) => {
    const response = await t.app.inject({ method: 'PUT', url: '/mode', headers: admin, payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION', field });
  });

  it('in DB mode reads come from the db; back in cache mode from the cache again', async () => {
    await source('alan');
    expect(await source('alan')).toBe('cache');

    const switched = await setUseDb(true);
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toEqual({ useDb: true });
    expect(await source('alan')).toBe('db');
    expect(await source('alan')).toBe('db');

    await setUseDb(false);
    expect(await source('alan')).toBe('cache');
  });

  it('an update made in DB mode is what a read returns after switching back', async () => {
    await source('grace');
    expect(await source('grace')).toBe('cache');

    await setUseDb(true);
    const updated = await t.app.inject({
      method: 'PUT',
      url: '/people/grace',
      payload: { lastName: 'Murray Hopper' },
    });
    expect(updated.statusCode).toBe(200);
    await setUseDb(false);

    const read = await t.app.inject({ method: 'GET', url: '/people/grace' });
    expect(read.json()).toMatchObject({ lastName: 'Murray Hopper', version: 2 });
  });

  it('the admin token never reaches the log', async () => {
    await setUseDb(false);
    const logged = JSON.stringify(t.logs);
    expect(logged).toContain('useDb switched');
    expect(logged).not.toContain(TEST_ADMIN_TOKEN);
  });
});

describe('one mode for every process on the database', () => {
  it('a switch through one process is followed by another; a restart starts in it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-demo-fleet-'));
    const env = { DEMO_DATA_DIR: dataDir };
    const one = await startTestApp(env);
    let two = await startTestApp(env);
    try {
      const put = await one.app.inject({
        method: 'PUT',
        url: '/mode',
        headers: admin,
        payload: { useDb: true },
      });
      expect(put.json()).toEqual({ useDb: true });
      const modeOfTwo = async () => (await two.app.inject({ method: 'GET', url: '/mode' })).json();
      await expect.poll(modeOfTwo, { timeout: 1000, interval: 10 }).toEqual({ useDb: true });
      const health = (await two.app.inject({ method: 'GET', url: '/healthz' })).json();
      expect(health.mode).toMatchObject({ useDb: true, source: 'shared' });
      await two.close();
      two = await startTestApp(env);
      expect((await two.app.inject({ method: 'GET', url: '/mode' })).json()).toEqual({
        useDb: true,
      });
    } finally {
      await one.close();
      await two.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
