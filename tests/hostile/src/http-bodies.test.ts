import type { Person } from '@cachetoggle/model';
import {
  type BodyOutcome,
  HOSTILE_BODIES,
  HOSTILE_IF_MATCH,
  HOSTILE_NAMES,
  type HostileBody,
} from '@cachetoggle/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_IDS, plantCanaries } from './canaries';
import { casesOf } from './catalogue-cases';
import {
  expectError,
  type HttpAnswer,
  type HttpStack,
  openHttpStack,
  travelsAsJson,
} from './http-stack';
import { expectNoPrototypePollution } from './prototype-guard';

let http: HttpStack;
let tableBefore: Person[];
let fresh = 0;

beforeAll(async () => {
  http = await openHttpStack('http-bodies');
  await plantCanaries(http.backends.service);
  tableBefore = await http.table.rows();
});
afterAll(() => http.close());

// A person of its own for a test to change.
async function freshPerson(): Promise<Person> {
  return http.backends.service.create({ id: `fresh-${++fresh}`, firstName: 'F', lastName: 'L' });
}

// The canaries are as they were (the tests add rows of their own), and nothing is polluted.
async function expectCanariesUntouched(): Promise<void> {
  const canaries = (await http.table.rows()).filter((row) => CANARY_IDS.includes(row.id));
  expect(canaries).toEqual(tableBefore);
  expectNoPrototypePollution();
}

const post = (payload: string) => http.send({ method: 'POST', url: '/people', payload });
const put = (id: string, payload: string, headers: Record<string, string> = {}) =>
  http.send({ method: 'PUT', url: `/people/${id}`, payload, headers });

describe('HTTP: names', () => {
  it.for(casesOf(HOSTILE_NAMES, 'accept'))('name %s round-trips exactly', async ([, entry]) => {
    const name = entry.value as string;
    const created = await post(JSON.stringify({ firstName: name, lastName: name }));
    expect(created.statusCode).toBe(201);
    const person = created.json() as Person;
    expect([person.firstName, person.lastName]).toEqual([name, name]);
    for (const source of ['db', 'cache']) {
      const read = await http.send({ method: 'GET', url: `/people/${person.id}` });
      expect([read.json(), read.headers['x-cache-source']]).toEqual([person, source]);
    }
    const target = await freshPerson();
    const updated = await put(target.id, JSON.stringify({ lastName: name }));
    expect(updated.json()).toEqual({ ...target, lastName: name, version: 2 });
  });

  it.for(casesOf(HOSTILE_NAMES, 'reject').filter(([, e]) => travelsAsJson(e.value)))(
    'name %s is a 400 naming the field',
    async ([, entry]) => {
      const name = entry.value;
      const tooLarge = (payload: string) => Buffer.byteLength(payload) > http.config.bodyLimitBytes;
      for (const [field, payload, send] of [
        ['firstName', JSON.stringify({ firstName: name, lastName: 'L' }), post],
        ['lastName', JSON.stringify({ firstName: 'F', lastName: name }), post],
        ['firstName', JSON.stringify({ firstName: name }), (p: string) => put('canary-1', p)],
      ] as const) {
        const answer = await send(payload);
        if (tooLarge(payload)) expectError(answer, 413, 'BODY_TOO_LARGE');
        else expectError(answer, 400, 'VALIDATION', field);
      }
      await expectCanariesUntouched();
    },
  );
});

describe('HTTP: If-Match', () => {
  it.for(HOSTILE_IF_MATCH.map((h) => [h.label, h] as const))('If-Match %s', async ([, h]) => {
    const target = await freshPerson();
    const headers = { 'if-match': h.header };
    const answer = await put(target.id, '{"firstName":"G"}', headers);
    if (h.outcome === 'reject') {
      expectError(answer, 400, 'VALIDATION', 'If-Match');
      const removed = await http.send({ method: 'DELETE', url: `/people/${target.id}`, headers });
      expectError(removed, 400, 'VALIDATION', 'If-Match');
      expect((await http.table.rows()).find((row) => row.id === target.id)).toEqual(target);
    } else if (h.header === String(2 ** 31 - 1)) {
      expect(answer.statusCode).toBe(412);
      expect(answer.json()).toMatchObject({ error: { reason: 'version-mismatch' } });
    } else {
      expect(answer.json()).toEqual({ ...target, firstName: 'G', version: 2 });
    }
    await expectCanariesUntouched();
  });
});

describe('HTTP: request bodies', () => {
  it.for(HOSTILE_BODIES.map((b) => [b.label, b] as const))(
    'body %s gets its documented answer',
    async ([, body]) => {
      const target = await freshPerson();
      await expectBodyAnswer(body, body.create, await post(body.json), 201);
      await expectBodyAnswer(body, body.update, await put(target.id, body.json), 200);
      await expectCanariesUntouched();
    },
  );
});

describe('HTTP: bodies that are not UTF-8', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  it.for([
    ['a broken two-byte sequence', bytes('{"firstName":"', [0xc3, 0x28], '","lastName":"L"}')],
    ['a lone continuation byte', bytes('{"firstName":"A', [0x80], '","lastName":"L"}')],
    ['an overlong encoding', bytes('{"firstName":"', [0xc0, 0xaf], '","lastName":"L"}')],
    ['an encoded surrogate', bytes('{"firstName":"', [0xed, 0xa0, 0x80], '","lastName":"L"}')],
    ['bytes that are not text', bytes([0xff, 0xfe, 0x00, 0x7b])],
  ] as const)('%s is a 400 MALFORMED_JSON, not a name with U+FFFD in it', async ([, payload]) => {
    expectError(
      await http.send({ method: 'POST', url: '/people', payload }),
      400,
      'MALFORMED_JSON',
    );
    await expectCanariesUntouched();
  });
});

/** Too large: 413; not JSON: 400 MALFORMED_JSON; else the model's outcome. */
async function expectBodyAnswer(
  body: HostileBody,
  outcome: BodyOutcome | undefined,
  answer: HttpAnswer,
  success: number,
): Promise<void> {
  if (Buffer.byteLength(body.json) > http.config.bodyLimitBytes) {
    expectError(answer, 413, 'BODY_TOO_LARGE');
  } else if (outcome === undefined) {
    expectError(answer, 400, 'MALFORMED_JSON');
  } else if (outcome.kind === 'reject') {
    expectError(answer, 400, 'VALIDATION', outcome.field);
  } else {
    expect(answer.statusCode, answer.body).toBe(success);
    const person = answer.json() as Person;
    expect(person).toMatchObject(outcome.stored ?? JSON.parse(body.json));
    const read = await http.send({ method: 'GET', url: `/people/${person.id}` });
    expect(read.json()).toEqual(person);
  }
}
