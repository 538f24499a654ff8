import type { Person } from '@cachetoggle/model';
import { HOSTILE_IDS, HOSTILE_REQUESTS, type HostileId } from '@cachetoggle/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantCanaries } from './canaries';
import {
  expectError,
  type HttpStack,
  openHttpStack,
  overSocket,
  pathSegment,
  travelsAsJson,
} from './http-stack';
import { expectNoPrototypePollution } from './prototype-guard';

let http: HttpStack;
let tableBefore: Person[];

beforeAll(async () => {
  http = await openHttpStack('http-ids');
  await plantCanaries(http.backends.service);
  tableBefore = await http.table.rows();
});
afterAll(() => http.close());

const cases = (filter: (e: HostileId) => boolean) =>
  HOSTILE_IDS.filter(filter).map((e) => [e.label, e] as const);
// Only well-formed strings can be written in a URL; the rest reach HTTP as JSON only.
const inUrl = (e: HostileId) => typeof e.value === 'string' && e.value.isWellFormed();
const body = (fields: Record<string, unknown>) => JSON.stringify(fields);

describe('HTTP: ids', () => {
  it.for(cases((e) => e.outcome === 'accept'))('id %s round-trips exactly', async ([, e]) => {
    const id = e.value as string;
    const path = `/people/${pathSegment(id)}`;
    expectError(await http.send({ method: 'GET', url: path }), 404, 'NOT_FOUND');
    const person = { id, firstName: 'Hostile', lastName: 'Id', version: 1 };
    const payload = body({ id, firstName: 'Hostile', lastName: 'Id' });
    const created = await http.send({ method: 'POST', url: '/people', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual(person);
    const read = await http.send({ method: 'GET', url: path });
    expect([read.statusCode, read.json(), read.headers['x-cache-source']]).toEqual([
      200,
      person,
      'db',
    ]);
    const again = await http.send({ method: 'GET', url: path });
    expect([again.json(), again.headers['x-cache-source']]).toEqual([person, 'cache']);
    const listed = await http.send({
      method: 'GET',
      url: `/people?ids=canary-1,${pathSegment(id)}`,
    });
    expect(listed.json()).toMatchObject({ people: [{}, { person, source: 'cache' }], missing: [] });
    const changes = body({ lastName: 'Changed' });
    const put = await http.send({
      method: 'PUT',
      url: path,
      payload: changes,
      headers: { 'if-match': '"1"' },
    });
    expect(put.json()).toEqual({ ...person, lastName: 'Changed', version: 2 });
    const removed = await http.send({ method: 'DELETE', url: path, headers: { 'if-match': '2' } });
    expect(removed.statusCode).toBe(204);
    expectError(await http.send({ method: 'GET', url: path }), 404, 'NOT_FOUND');
  });

  it.for(cases((e) => e.outcome === 'reject' && inUrl(e)))(
    'id %s in the URL is a 400 naming it',
    async ([, e]) => {
      const id = e.value as string;
      const path = `/people/${pathSegment(id)}`;
      // Over a real connection when the URL fits in Node's header limit (see the 431 test).
      const socket = path.length < 8000;
      const changes = body({ firstName: 'X' });
      for (const request of [
        { method: 'GET', url: path },
        { method: 'PUT', url: path, payload: changes },
        { method: 'DELETE', url: path },
      ] as const) {
        expectError(await http.send(request, { socket }), 400, 'VALIDATION', 'id');
      }
      if (!id.includes(',')) {
        const list = { method: 'GET', url: `/people?ids=${pathSegment(id)}` } as const;
        expectError(await http.send(list, { socket }), 400, 'VALIDATION', 'ids.0');
      }
      expect(await http.table.rows()).toEqual(tableBefore);
    },
  );

  it.for(cases((e) => e.outcome === 'reject' && e.value !== undefined && travelsAsJson(e.value)))(
    'id %s in a body is a 400 naming it',
    async ([, e]) => {
      const payload = body({ id: e.value, firstName: 'A', lastName: 'B' });
      const answer = await http.send({ method: 'POST', url: '/people', payload });
      if (Buffer.byteLength(payload) > http.config.bodyLimitBytes) {
        expectError(answer, 413, 'BODY_TOO_LARGE');
      } else {
        expectError(answer, 400, 'VALIDATION', 'id');
      }
      expect(await http.table.rows()).toEqual(tableBefore);
      expectNoPrototypePollution();
    },
  );
});

describe('HTTP: hostile URLs', () => {
  it("a URL over Node's 16 KiB header limit is refused by Node, and the server goes on", async () => {
    const url = `/people/${'x'.repeat(20_000)}`;
    // Node answers 431 and closes; the client may see the close before the answer.
    const answer = await overSocket(http.app, { method: 'GET', url }).then(
      (a) => a.statusCode,
      (e: NodeJS.ErrnoException) => e.code,
    );
    expect([431, 'ECONNRESET']).toContain(answer);
    const canary = await http.send({ method: 'GET', url: '/people/canary-1' }, { socket: true });
    expect(canary.statusCode).toBe(200);
  });

  it.for(HOSTILE_REQUESTS.map((r) => [r.label, r] as const))('%s', async ([, request]) => {
    // The URLs that fit in Node's header limit (16 KiB) go over a real connection too.
    const socket = request.url.length < 8000;
    const answer = await http.send({ method: 'GET', url: request.url }, { socket });
    if (request.status === 200) expect(answer.statusCode).toBe(200);
    else expectError(answer, request.status, request.code ?? '', request.field);
    expect(await http.table.rows()).toEqual(tableBefore);
  });
});
