import { ConflictError, NotFoundError, type Person } from '@cachetoggle/model';
import {
  HOSTILE_BODIES,
  HOSTILE_IDS,
  HOSTILE_NAMES,
  HOSTILE_VERSIONS,
} from '@cachetoggle/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_IDS, plantCanaries } from './canaries';
import { casesOf, jsonBodyCases } from './catalogue-cases';
import { expectNoPrototypePollution } from './prototype-guard';
import { openRealStack, type RealStack } from './real-stack';
import { expectRejected } from './rejection';

let stack: RealStack;
let canaries: Person[];
let fresh = 0;
const freshId = () => `fresh-${++fresh}`;

beforeAll(async () => {
  stack = await openRealStack('service');
  canaries = await plantCanaries(stack.service);
});
afterAll(() => stack.close());

/**
 * Runs the rejected calls and checks that none of them reached the database or the cache, and
 * that the table is as it was.
 */
async function rejectedWithoutBackendCalls(calls: () => Promise<void>): Promise<void> {
  const table = await stack.table.rows();
  const before = stack.backendCalls();
  await calls();
  expect(stack.backendCalls()).toBe(before);
  expect(await stack.table.rows()).toEqual(table);
  await expectCanariesUntouched();
}

// The canaries read the same in both modes, and nothing is polluted.
async function expectCanariesUntouched(): Promise<void> {
  const { people } = await stack.service.getMany(CANARY_IDS);
  expect(people.map((read) => read.person)).toEqual(canaries);
  const fromDb = await stack.service.getMany(CANARY_IDS, { useDb: true });
  expect(fromDb.people.map((read) => read.person)).toEqual(canaries);
  expectNoPrototypePollution();
}

describe('service: ids', () => {
  it.for(casesOf(HOSTILE_IDS, 'accept'))('id %s works in both modes', async ([, entry]) => {
    const { service } = stack;
    const id = entry.value as string;
    const created = await service.create({ id, firstName: 'Hostile', lastName: 'Id' });
    expect(await service.get(id)).toEqual({ person: created, source: 'db' });
    expect(await service.get(id)).toEqual({ person: created, source: 'cache' });
    expect(await service.get(id, { useDb: true })).toEqual({ person: created, source: 'db' });
    expect((await service.getMany([id, 'canary-1'])).people[0]?.person).toEqual(created);
    const updated = await service.update(id, { lastName: 'Changed' }, 1);
    expect((await service.get(id)).person).toEqual(updated);
    await service.delete(id, 2);
    await expect(service.get(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.get(id, { useDb: true })).rejects.toBeInstanceOf(NotFoundError);
    expect(await service.getMany([id])).toEqual({ people: [], missing: [id] });
  });

  it.for(casesOf(HOSTILE_IDS, 'reject'))('id %s is rejected naming it', async ([, entry]) => {
    const { service } = stack;
    const id = entry.value as string;
    await rejectedWithoutBackendCalls(async () => {
      await expectRejected(() => service.get(id), 'id');
      await expectRejected(() => service.get(id, { useDb: true }), 'id');
      await expectRejected(() => service.getMany([id]), 'ids.0');
      await expectRejected(() => service.getMany(['canary-1', id], { useDb: true }), 'ids.1');
      if (id !== undefined) {
        await expectRejected(() => service.create({ id, firstName: 'A', lastName: 'B' }), 'id');
      }
      await expectRejected(() => service.update(id, { firstName: 'A' }, 1), 'id');
      await expectRejected(() => service.delete(id), 'id');
    });
  });
});

describe('service: names', () => {
  it.for(casesOf(HOSTILE_NAMES, 'accept'))('name %s round-trips exactly', async ([, entry]) => {
    const { service } = stack;
    const name = entry.value as string;
    const id = freshId();
    const created = await service.create({ id, firstName: name, lastName: name });
    expect(created).toEqual({ id, firstName: name, lastName: name, version: 1 });
    expect((await service.get(id)).person).toEqual(created);
    expect(await service.get(id)).toEqual({ person: created, source: 'cache' });
    const updated = await service.update(id, { firstName: 'Plain', lastName: name });
    expect((await service.get(id)).person).toEqual(updated);
    expect((await service.get(id, { useDb: true })).person).toEqual(updated);
  });

  it.for(casesOf(HOSTILE_NAMES, 'reject'))('name %s is rejected naming it', async ([, entry]) => {
    const { service } = stack;
    const name = entry.value as string;
    await rejectedWithoutBackendCalls(async () => {
      await expectRejected(() => service.create({ firstName: name, lastName: 'L' }), 'firstName');
      await expectRejected(() => service.create({ firstName: 'F', lastName: name }), 'lastName');
      await expectRejected(() => service.update('canary-1', { firstName: name }), 'firstName');
      await expectRejected(() => service.update('canary-1', { lastName: name }, 1), 'lastName');
    });
  });
});

describe('service: versions', () => {
  it.for(casesOf(HOSTILE_VERSIONS, 'accept'))(
    'version %s matches or conflicts',
    async ([, entry]) => {
      const version = entry.value as number;
      const id = freshId();
      await stack.service.create({ id, firstName: 'V', lastName: 'V' });
      const outcome = await stack.service.update(id, { firstName: 'W' }, version).catch((e) => e);
      if (version === 1) expect(outcome).toMatchObject({ id, version: 2 });
      else expect(outcome).toBeInstanceOf(ConflictError);
      await expectCanariesUntouched();
    },
  );

  it.for(casesOf(HOSTILE_VERSIONS, 'reject'))('version %s is rejected', async ([, entry]) => {
    const version = entry.value as number;
    await rejectedWithoutBackendCalls(async () => {
      const { service } = stack;
      await expectRejected(
        () => service.update('canary-1', { firstName: 'X' }, version),
        'expectedVersion',
      );
      await expectRejected(() => service.delete('canary-1', version), 'expectedVersion');
    });
  });
});

describe('service: hostile options and modes', () => {
  it.for([
    ['null', null, 'options'],
    ['a string', 'useDb', 'options'],
    ['useDb as a string', { useDb: 'true' }, 'useDb'],
    ['useDb as a number', { useDb: 1 }, 'useDb'],
  ] as const)('read options that are %s are rejected naming %s', async ([, options, field]) => {
    const { service } = stack;
    const bad = options as unknown as { useDb?: boolean };
    await rejectedWithoutBackendCalls(async () => {
      await expectRejected(() => service.get('canary-1', bad), field);
      await expectRejected(() => service.getMany(['canary-1'], bad), field);
    });
  });

  it.for([
    ['null', null, 'mode'],
    ['a boolean', true, 'mode'],
    ['useDb as a string', { useDb: 'false' }, 'useDb'],
    ['no useDb', {}, 'useDb'],
  ] as const)(
    'a mode that is %s is rejected naming %s, and the mode stays',
    async ([, mode, field]) => {
      await expectRejected(
        () => stack.service.setMode(mode as unknown as { useDb: boolean }),
        field,
      );
      expect(stack.service.mode()).toEqual({ useDb: false });
    },
  );
});

describe('service: request bodies', () => {
  it.for(jsonBodyCases(HOSTILE_BODIES))('body %s gets its documented outcome', async ([, body]) => {
    const { service } = stack;
    const parsed = JSON.parse(body.json);
    const target = await service.create({ id: freshId(), firstName: 'Target', lastName: 'Row' });
    const writes = [
      [body.create, () => service.create(parsed)],
      [body.update, () => service.update(target.id, parsed)],
    ] as const;
    for (const [outcome, write] of writes) {
      if (outcome?.kind === 'reject') {
        await rejectedWithoutBackendCalls(() => expectRejected(write, outcome.field));
        continue;
      }
      const written = await write();
      expect(written).toMatchObject(outcome?.stored ?? parsed);
      expect((await service.get(written.id)).person).toEqual(written);
      expect(await service.get(written.id)).toEqual({ person: written, source: 'cache' });
    }
  });
});
