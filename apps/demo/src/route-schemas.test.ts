import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './test-app';

let t: TestApp;
const routes: RouteOptions[] = [];
beforeAll(async () => {
  t = await startTestApp();
  t.app.addHook('onRoute', (route) => void routes.push(route));
  await t.app.ready();
});
afterAll(() => t.close());

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('every API route declares its schema', () => {
  it('with a response schema for its success and for the error shape', () => {
    // The dashboard's files are streamed from disk; every other route answers JSON or text.
    const isFile = (url: string) => url === '/' || /\.(html|js|css)$/.test(url);
    const api = routes.filter((r) => r.method !== 'HEAD' && !isFile(r.url));
    expect(api.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'DELETE /people/:id',
      'GET /healthz',
      'GET /metrics',
      'GET /mode',
      'GET /people',
      'GET /people/:id',
      'GET /stats',
      'POST /people',
      'PUT /mode',
      'PUT /people/:id',
    ]);
    for (const route of api) {
      const response = (route.schema?.response ?? {}) as Record<string, unknown>;
      expect(Object.keys(response), `${route.method} ${route.url}`).toEqual(
        expect.arrayContaining(['4xx', '5xx']),
      );
      expect(Object.keys(response).some((code) => /^2\d\d$/.test(code))).toBe(true);
    }
  });
});

describe('response schemas send exactly the declared fields', () => {
  const extra = { passwordHash: 'secret', internalNote: 'x' };

  it('a field a backend attaches to a person never reaches the client, on any route', async () => {
    const { service } = t.backends;
    const person = { id: 'ada', firstName: 'Ada', lastName: 'Lovelace', version: 1, ...extra };
    const spies = [
      vi.spyOn(service, 'get').mockResolvedValueOnce({ person, source: 'cache' }),
      vi
        .spyOn(service, 'getMany')
        .mockResolvedValueOnce({ people: [{ person, source: 'db' }], missing: [] }),
      vi.spyOn(service, 'create').mockResolvedValueOnce(person),
      vi.spyOn(service, 'update').mockResolvedValueOnce(person),
    ];
    const answers = await Promise.all([
      t.app.inject({ method: 'GET', url: '/people/ada' }),
      t.app.inject({ method: 'GET', url: '/people?ids=ada' }),
      t.app.inject({ method: 'POST', url: '/people', payload: { firstName: 'A', lastName: 'L' } }),
      t.app.inject({ method: 'PUT', url: '/people/ada', payload: { firstName: 'A' } }),
    ]);
    for (const spy of spies) spy.mockRestore();
    for (const answer of answers) {
      expect(answer.statusCode).toBeLessThan(300);
      expect(answer.body).not.toContain('secret');
      expect(answer.body).not.toContain('internalNote');
    }
    expect(answers[0]?.json()).toEqual({
      id: 'ada',
      firstName: 'Ada',
      lastName: 'Lovelace',
      version: 1,
    });
  });

  it('/stats sends every counter the service has, and /healthz every server field', async () => {
    const stats = (await t.app.inject({ method: 'GET', url: '/stats' })).json();
    expect(Object.keys(stats)).toEqual(
      expect.arrayContaining(Object.keys(t.backends.service.stats())),
    );
    const health = (await t.app.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health.servers).toEqual(t.backends.service.stats().servers);
  });

  it('an error keeps its detail fields through the error schema', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/people/a%20b' });
    expect(response.json()).toEqual({
      error: { code: 'VALIDATION', message: expect.stringContaining('id:'), field: 'id' },
    });
  });
});

describe('request schemas answer 400 VALIDATION naming the field', () => {
  it.each([
    [
      'POST /people, a name that is a number',
      'POST',
      '/people',
      { firstName: 5, lastName: 'L' },
      'firstName',
      'firstName: must be a string',
    ],
    [
      'POST /people, a missing firstName',
      'POST',
      '/people',
      { lastName: 'L' },
      'firstName',
      'firstName: is required',
    ],
    [
      'POST /people, two unknown fields',
      'POST',
      '/people',
      { firstName: 'A', lastName: 'L', a: 1, b: 2 },
      'person',
      'person: unknown field(s) a, b',
    ],
    [
      'POST /people, a string body',
      'POST',
      '/people',
      '"ada"',
      'person',
      'person: must be a JSON object',
    ],
    [
      'PUT /people/:id, a name that is null',
      'PUT',
      '/people/ada',
      { lastName: null },
      'lastName',
      'lastName: must be a string',
    ],
    [
      'PUT /people/:id, an unknown field',
      'PUT',
      '/people/ada',
      { age: 3 },
      'changes',
      'changes: unknown field(s) age',
    ],
    ['PUT /mode, a number', 'PUT', '/mode', { useDb: 1 }, 'useDb', 'useDb: must be true or false'],
    ['PUT /mode, an array', 'PUT', '/mode', [true], 'mode', 'mode: must be a JSON object'],
  ] as const)('%s', async (_, method, url, body, field, message) => {
    const response = await t.app.inject({
      method,
      url,
      headers: { ...admin, 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'VALIDATION', message, field } });
  });

  it('GET /people without ids, and with ids repeated', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/people?id=ada' });
    expect(none.json()).toEqual({
      error: { code: 'VALIDATION', message: 'ids: is required', field: 'ids' },
    });
    const repeated = await t.app.inject({ method: 'GET', url: '/people?ids=ada&ids=alan' });
    expect(repeated.statusCode).toBe(200);
    expect(repeated.json().people.map((p: { person: { id: string } }) => p.person.id)).toEqual([
      'ada',
      'alan',
    ]);
  });

  it('a failed schema changes nothing: the person and the mode stay as they were', async () => {
    await t.app.inject({ method: 'PUT', url: '/people/grace', payload: { firstName: 7 } });
    await t.app.inject({ method: 'PUT', url: '/mode', headers: admin, payload: { useDb: 'yes' } });
    const read = await t.app.inject({ method: 'GET', url: '/people/grace' });
    expect(read.json()).toMatchObject({ firstName: 'Grace', version: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/mode' })).json()).toEqual({ useDb: false });
  });
});
