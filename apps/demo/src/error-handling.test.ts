import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '1024' });
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

function expectErrorShape(body: unknown, code: string): void {
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
}

describe('hostile and malformed requests', () => {
  it('malformed JSON is a 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/people',
      headers: json,
      payload: '{"firstName":',
    });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.json(), 'MALFORMED_JSON');
  });

  it('an empty JSON body is a 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/people',
      headers: json,
      payload: '',
    });
    expect(response.statusCode).toBe(400);
  });

  it('a body that is not JSON is a 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/people',
      headers: { 'content-type': 'text/plain' },
      payload: 'firstName=A',
    });
    expect(response.statusCode).toBe(415);
    expectErrorShape(response.json(), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over BODY_LIMIT_BYTES is a 413', async () => {
    const payload = JSON.stringify({ firstName: 'A'.repeat(2000), lastName: 'B' });
    const response = await t.app.inject({ method: 'POST', url: '/people', headers: json, payload });
    expect(response.statusCode).toBe(413);
    expectErrorShape(response.json(), 'BODY_TOO_LARGE');
  });

  it.each([
    ['a path traversal', '/people/..%2Fetc'],
    ['a space', '/people/a%20b'],
    ['65 characters', `/people/${'a'.repeat(65)}`],
    ['a NUL byte', '/people/%00'],
    ['a non-ASCII letter', '/people/%C3%A9'],
    ['300 characters', `/people/${'a'.repeat(300)}`],
  ])('an id with %s is a 400 naming id, on every method', async (_, url) => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const response = await t.app.inject({
        method,
        url,
        payload: method === 'PUT' ? { firstName: 'X' } : undefined,
      });
      expect(response.statusCode, `${method} ${url}`).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION', field: 'id' });
    }
  });

  it('a URL with a broken percent-encoding is a 400 in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/people/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toMatch(/^(BAD_REQUEST|VALIDATION)$/);
  });

  it('an unknown route is a 404 in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/admin/secrets' });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json(), 'ROUTE_NOT_FOUND');
  });

  it('an unexpected failure is a generic 500, logged with its stack', async () => {
    const spy = vi
      .spyOn(t.backends.service, 'get')
      .mockRejectedValueOnce(new Error('connect mysql://root:pw@10.1.2.3/people failed'));
    const response = await t.app.inject({ method: 'GET', url: '/people/ada' });
    spy.mockRestore();
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'INTERNAL', message: 'internal server error' },
    });
    expect(response.body).not.toContain('10.1.2.3');
    const logged = t.logs.find((line) => line.msg === 'request failed');
    expect(JSON.stringify(logged)).toContain('"stack"');
  });

  it('client mistakes are logged at info, without a stack', async () => {
    await t.app.inject({ method: 'GET', url: '/people/a%20b' });
    const entry = t.logs.findLast((line) => line.code === 'VALIDATION');
    expect(entry).toMatchObject({ level: 30, statusCode: 400 });
    expect(JSON.stringify(entry)).not.toContain('stack');
  });
});
