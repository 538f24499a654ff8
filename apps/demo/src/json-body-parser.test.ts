import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from './test-app';

let t: TestApp;
let fresh = 0;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };
const post = (payload: string | Buffer, headers: Record<string, string> = json) =>
  t.app.inject({ method: 'POST', url: '/people', headers, payload });
const createPerson = async () => {
  const id = `parser-${++fresh}`;
  await t.backends.service.create({ id, firstName: 'F', lastName: 'L' });
  return id;
};
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe('JSON bodies: prototype keys are ordinary unknown fields', () => {
  it.each([
    [
      '__proto__ beside the fields',
      'person',
      '{"firstName":"A","lastName":"B","__proto__":{"admin":true}}',
    ],
    ['__proto__ holding the fields', 'firstName', '{"__proto__":{"firstName":"A","lastName":"B"}}'],
    [
      'constructor.prototype',
      'person',
      '{"firstName":"A","lastName":"B","constructor":{"prototype":{"admin":true}}}',
    ],
  ])(
    'a create body with %s is a 400 naming %s, and pollutes nothing',
    async (_, field, payload) => {
      const response = await post(payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'VALIDATION', field });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(({} as Record<string, unknown>).firstName).toBeUndefined();
    },
  );

  it('an update body with __proto__ is a 400 naming changes, and the person is unchanged', async () => {
    const id = await createPerson();
    const response = await t.app.inject({
      method: 'PUT',
      url: `/people/${id}`,
      headers: json,
      payload: '{"lastName":"X","__proto__":{"admin":true}}',
    });
    expect(response.json().error).toMatchObject({ code: 'VALIDATION', field: 'changes' });
    expect((await t.backends.service.get(id)).person).toMatchObject({ lastName: 'L', version: 1 });
  });

  it('a mode body with __proto__ is a 400 naming mode', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/mode',
      headers: { ...json, authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      payload: '{"useDb":true,"__proto__":{"useDb":false}}',
    });
    expect(response.json().error).toMatchObject({ code: 'VALIDATION', field: 'mode' });
    expect(t.backends.service.mode().useDb).toBe(false);
  });
});

describe('JSON bodies: strict UTF-8', () => {
  it.each([
    ['a broken two-byte sequence', [0xc3, 0x28]],
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated four-byte sequence', [0xf0, 0x9f, 0x98]],
  ])('%s is a 400 MALFORMED_JSON and stores nothing', async (_, bad) => {
    const id = `bad-utf8-${++fresh}`;
    const response = await post(bytes(`{"id":"${id}","firstName":"A`, bad, '","lastName":"L"}'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'MALFORMED_JSON', message: 'the body is not valid JSON' },
    });
    const read = await t.app.inject({ method: 'GET', url: `/people/${id}` });
    expect(read.statusCode).toBe(404);
  });

  it('well-formed multi-byte UTF-8 round-trips exactly', async () => {
    const name = 'Zoë 😀 ﬁ\u0301 עברית';
    const response = await post(
      Buffer.from(JSON.stringify({ id: 'utf8-ok', firstName: name, lastName: name })),
    );
    expect(response.statusCode).toBe(201);
    const read = await t.app.inject({ method: 'GET', url: '/people/utf8-ok' });
    expect(read.json()).toMatchObject({ firstName: name, lastName: name });
  });

  it('a charset parameter on the content type is accepted', async () => {
    const response = await post('{"firstName":"C","lastName":"S"}', {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('JSON bodies: empty', () => {
  it('an empty create or update body is a 400 "the body is empty"', async () => {
    const id = await createPerson();
    for (const [method, url] of [
      ['POST', '/people'],
      ['PUT', `/people/${id}`],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: json, payload: '' });
      expect(response.json(), `${method} ${url}`).toEqual({
        error: { code: 'MALFORMED_JSON', message: 'the body is empty' },
      });
    }
  });

  it('a DELETE with a JSON content type and no body deletes', async () => {
    const id = await createPerson();
    const response = await t.app.inject({ method: 'DELETE', url: `/people/${id}`, headers: json });
    expect(response.statusCode).toBe(204);
    const read = await t.app.inject({ method: 'GET', url: `/people/${id}` });
    expect(read.statusCode).toBe(404);
  });
});
