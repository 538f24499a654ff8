import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ MAX_IDS_PER_REQUEST: '5' });
});
afterAll(() => t.close());

describe('GET /people/:id', () => {
  it('the first read of a person comes from the db, the next from the cache', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/people/grace' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache-source']).toBe('db');
    expect(first.headers.etag).toBe('"1"');
    expect(first.json()).toEqual({
      id: 'grace',
      firstName: 'Grace',
      lastName: 'Hopper',
      version: 1,
    });

    const second = await t.app.inject({ method: 'GET', url: '/people/grace' });
    expect(second.statusCode).toBe(200);
    expect(second.headers['x-cache-source']).toBe('cache');
    expect(second.json()).toEqual(first.json());
  });

  it('an unknown person is a 404 in the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/people/nobody' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('nobody') },
    });
  });
});

describe('GET /people?ids=', () => {
  it('answers the people in request order with their sources, and the missing ids', async () => {
    await t.app.inject({ method: 'GET', url: '/people/alan' });
    const response = await t.app.inject({ method: 'GET', url: '/people?ids=tony,nobody,alan' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      people: [
        { person: { id: 'tony', firstName: 'Tony', lastName: 'Hoare', version: 1 }, source: 'db' },
        {
          person: { id: 'alan', firstName: 'Alan', lastName: 'Turing', version: 1 },
          source: 'cache',
        },
      ],
      missing: ['nobody'],
    });
  });

  it('accepts up to the limit and rejects one id more with a 400 naming ids', async () => {
    const five = await t.app.inject({ method: 'GET', url: '/people?ids=a,b,c,d,e' });
    expect(five.statusCode).toBe(200);
    expect(five.json().missing).toEqual(['a', 'b', 'c', 'd', 'e']);

    const six = await t.app.inject({ method: 'GET', url: '/people?ids=a,b,c,d,e,f' });
    expect(six.statusCode).toBe(400);
    expect(six.json().error).toMatchObject({ code: 'VALIDATION', field: 'ids' });
  });

  it.each([
    ['no ids', '/people', 'ids'],
    ['an empty list', '/people?ids=', 'ids.0'],
    ['an empty entry', '/people?ids=ada,,alan', 'ids.1'],
    ['a path in the list', '/people?ids=ada,..%2Fetc', 'ids.1'],
    ['a NUL byte', '/people?ids=%00', 'ids.0'],
  ])('%s is a 400 naming the field', async (_, url, field) => {
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION', field });
  });
});
