import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const json = { 'content-type': 'application/json' };

describe('POST /people', () => {
  it('creates a person at version 1 (201, Location) and a second create of the id is a 409', async () => {
    const payload = { id: 'katherine', firstName: 'Katherine', lastName: 'Johnson' };
    const created = await t.app.inject({ method: 'POST', url: '/people', payload });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/people/katherine');
    expect(created.json()).toEqual({ ...payload, version: 1 });

    const read = await t.app.inject({ method: 'GET', url: '/people/katherine' });
    expect(read.json()).toEqual({ ...payload, version: 1 });

    const again = await t.app.inject({ method: 'POST', url: '/people', payload });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CONFLICT', reason: 'id-exists' });
  });

  it('generates the id when absent', async () => {
    const payload = { firstName: 'Margaret', lastName: 'Hamilton' };
    const created = await t.app.inject({ method: 'POST', url: '/people', payload });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const read = await t.app.inject({ method: 'GET', url: `/people/${id}` });
    expect(read.json()).toMatchObject(payload);
  });

  it.each([
    ['a missing lastName', { firstName: 'A' }, 'lastName'],
    ['an unknown field', { firstName: 'A', lastName: 'B', role: 'admin' }, 'person'],
    ['a version', { firstName: 'A', lastName: 'B', version: 7 }, 'person'],
    ['an invalid id', { id: 'a b', firstName: 'A', lastName: 'B' }, 'id'],
    ['a control character', { firstName: 'A\u0000', lastName: 'B' }, 'firstName'],
    ['an array', [{ firstName: 'A', lastName: 'B' }], 'person'],
  ])('%s is a 400 naming the field', async (_, payload, field) => {
    const response = await t.app.inject({ method: 'POST', url: '/people', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION', field });
    expect(response.json().error.message).toContain(field);
  });
});

describe('PUT /people/:id', () => {
  it('updates and bumps the version; a read after the write sees it', async () => {
    await t.app.inject({ method: 'GET', url: '/people/edsger' });
    const updated = await t.app.inject({
      method: 'PUT',
      url: '/people/edsger',
      payload: { firstName: 'Edsger W.' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.headers.etag).toBe('"2"');
    expect(updated.json()).toEqual({
      id: 'edsger',
      firstName: 'Edsger W.',
      lastName: 'Dijkstra',
      version: 2,
    });
    const read = await t.app.inject({ method: 'GET', url: '/people/edsger' });
    expect(read.json().firstName).toBe('Edsger W.');
  });

  it('If-Match makes it conditional: the current version passes, a stale one is a 412', async () => {
    const current = await t.app.inject({ method: 'GET', url: '/people/barbara' });
    const etag = String(current.headers.etag);
    const ok = await t.app.inject({
      method: 'PUT',
      url: '/people/barbara',
      headers: { 'if-match': etag },
      payload: { lastName: 'Liskov-Huberman' },
    });
    expect(ok.statusCode).toBe(200);

    const stale = await t.app.inject({
      method: 'PUT',
      url: '/people/barbara',
      headers: { 'if-match': etag },
      payload: { lastName: 'Overwritten' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'CONFLICT', reason: 'version-mismatch' });
    const read = await t.app.inject({ method: 'GET', url: '/people/barbara' });
    expect(read.json()).toMatchObject({ lastName: 'Liskov-Huberman', version: 2 });
  });

  it('an unknown person is a 404; bad changes and a bad If-Match are 400s', async () => {
    const missing = await t.app.inject({
      method: 'PUT',
      url: '/people/nobody',
      payload: { firstName: 'X' },
    });
    expect(missing.statusCode).toBe(404);

    const empty = await t.app.inject({ method: 'PUT', url: '/people/ada', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('VALIDATION');

    const rename = await t.app.inject({
      method: 'PUT',
      url: '/people/ada',
      payload: { id: 'eve' },
    });
    expect(rename.statusCode).toBe(400);

    const badTag = await t.app.inject({
      method: 'PUT',
      url: '/people/ada',
      headers: { 'if-match': 'W/"1"', ...json },
      payload: { firstName: 'X' },
    });
    expect(badTag.statusCode).toBe(400);
    expect(badTag.json().error).toMatchObject({ code: 'VALIDATION', field: 'If-Match' });
    const read = await t.app.inject({ method: 'GET', url: '/people/ada' });
    expect(read.json()).toMatchObject({ firstName: 'Ada', version: 1 });
  });
});

describe('DELETE /people/:id', () => {
  it('deletes (204) and the person is gone, from the cache too', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/people',
      payload: { id: 'gone', firstName: 'G', lastName: 'One' },
    });
    await t.app.inject({ method: 'GET', url: '/people/gone' });
    const deleted = await t.app.inject({ method: 'DELETE', url: '/people/gone' });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await t.app.inject({ method: 'GET', url: '/people/gone' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: '/people/gone' })).statusCode).toBe(404);
  });

  it('a stale If-Match is a 412 and the person stays', async () => {
    await t.app.inject({ method: 'PUT', url: '/people/tony', payload: { firstName: 'C.A.R.' } });
    const stale = await t.app.inject({
      method: 'DELETE',
      url: '/people/tony',
      headers: { 'if-match': '1' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await t.app.inject({ method: 'GET', url: '/people/tony' })).statusCode).toBe(200);
    const current = await t.app.inject({
      method: 'DELETE',
      url: '/people/tony',
      headers: { 'if-match': '"2"' },
    });
    expect(current.statusCode).toBe(204);
  });
});
