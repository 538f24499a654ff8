import { MysqlPersonDb } from '@cachetoggle/dao-db/mysql';
import { SqlitePersonDb } from '@cachetoggle/dao-db/sqlite';
import { ConflictError, type Person, type PersonDb } from '@cachetoggle/model';
import {
  HOSTILE_BODIES,
  HOSTILE_IDS,
  HOSTILE_NAMES,
  HOSTILE_VERSIONS,
} from '@cachetoggle/testing/hostile';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CANARY_IDS, openPersonTableReader, plantCanaries } from './canaries';
import { casesOf, jsonBodyCases, withId } from './catalogue-cases';
import { expectNoPrototypePollution } from './prototype-guard';
import { expectRejected } from './rejection';

interface Backend {
  readonly name: string;
  open(): Promise<{ db: PersonDb; rows(): Promise<unknown>; close(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'MysqlPersonDb',
    async open() {
      const url = inject('databaseUrl');
      const db = await MysqlPersonDb.open({ url });
      await db.migrate();
      const table = await openPersonTableReader(url);
      const close = () => Promise.all([db.close(), table.close()]).then(() => undefined);
      return { db, rows: () => table.rows(), close };
    },
  },
  {
    name: 'SqlitePersonDb',
    async open() {
      const db = await SqlitePersonDb.open({ url: ':memory:' });
      await db.migrate();
      return { db, rows: () => db.getMany(CANARY_IDS), close: () => db.close() };
    },
  },
];

describe.each(BACKENDS)('dao-db: $name', (backend) => {
  let db: PersonDb;
  let rows: () => Promise<unknown>;
  let close: () => Promise<void>;
  let before: unknown;
  let fresh = 0;
  const freshId = () => `fresh-${++fresh}`;

  beforeAll(async () => {
    ({ db, rows, close } = await backend.open());
    await plantCanaries(db);
    before = await rows();
  });
  afterAll(() => close());

  // After every input: nothing else changed, nothing polluted.
  async function expectUntouched(): Promise<void> {
    expect(await rows()).toEqual(before);
    expectNoPrototypePollution();
  }

  it.for(casesOf(HOSTILE_IDS, 'accept'))('id %s round-trips exactly', async ([, entry]) => {
    const id = entry.value as string;
    const created = await db.create({ id, firstName: 'Hostile', lastName: 'Id' });
    expect(created).toEqual({ id, firstName: 'Hostile', lastName: 'Id', version: 1 });
    expect(await db.get(id)).toEqual(created);
    expect((await db.getMany([id, 'canary-1'])).get(id)).toEqual(created);
    expect(await db.update(id, { lastName: 'Changed' }, 1)).toMatchObject({ id, version: 2 });
    await db.delete(id, 2);
    expect(await db.get(id)).toBeUndefined();
    await expectUntouched();
  });

  it('ids that differ only in case or by a character are distinct rows', async () => {
    const ids = casesOf(HOSTILE_IDS, 'accept').map(([, e]) => e.value as string);
    for (const [i, id] of ids.entries()) await db.create({ id, firstName: `n${i}`, lastName: 'x' });
    const found = await db.getMany(ids);
    for (const id of ids) await db.delete(id);
    expect(found.size).toBe(ids.length);
    expect(ids.map((id) => found.get(id)?.firstName)).toEqual(ids.map((_, i) => `n${i}`));
    await expectUntouched();
  });

  it.for(casesOf(HOSTILE_IDS, 'reject'))('id %s is rejected naming it', async ([, entry]) => {
    const id = entry.value as string;
    await expectRejected(() => db.get(id), 'id');
    await expectRejected(() => db.getMany([id]), 'ids.0');
    await expectRejected(() => db.getMany(['canary-1', id]), 'ids.1');
    await expectRejected(() => db.create({ id, firstName: 'A', lastName: 'B' }), 'id');
    await expectRejected(() => db.update(id, { firstName: 'A' }), 'id');
    await expectRejected(() => db.update(id, { firstName: 'A' }, 1), 'id');
    await expectRejected(() => db.delete(id), 'id');
    await expectUntouched();
  });

  it.for(casesOf(HOSTILE_NAMES, 'accept'))('name %s is stored exactly', async ([, entry]) => {
    const name = entry.value as string;
    const id = freshId();
    await db.create({ id, firstName: name, lastName: name });
    const read = (await db.get(id)) as Person;
    expect(Buffer.from(read.firstName).equals(Buffer.from(name))).toBe(true);
    expect(Buffer.from(read.lastName).equals(Buffer.from(name))).toBe(true);
    await db.update(id, { firstName: 'Plain' });
    const updated = await db.update(id, { lastName: 'Plain', firstName: name });
    expect(updated).toEqual({ id, firstName: name, lastName: 'Plain', version: 3 });
    expect(await db.get(id)).toEqual(updated);
    await db.delete(id);
    await expectUntouched();
  });

  it.for(casesOf(HOSTILE_NAMES, 'reject'))('name %s is rejected naming it', async ([, entry]) => {
    const id = freshId();
    const name = entry.value as string;
    await expectRejected(() => db.create({ id, firstName: name, lastName: 'L' }), 'firstName');
    await expectRejected(() => db.create({ id, firstName: 'F', lastName: name }), 'lastName');
    await expectRejected(() => db.update('canary-1', { firstName: name }), 'firstName');
    await expectRejected(() => db.update('canary-1', { lastName: name }, 1), 'lastName');
    expect(await db.get(id)).toBeUndefined();
    await expectUntouched();
  });

  it.for(casesOf(HOSTILE_VERSIONS, 'accept'))(
    'version %s passes validation (then matches or conflicts)',
    async ([, entry]) => {
      const version = entry.value as number;
      const id = freshId();
      await db.create({ id, firstName: 'V', lastName: 'V' });
      const outcome = await db.update(id, { firstName: 'W' }, version).catch((e: unknown) => e);
      if (version === 1) expect(outcome).toMatchObject({ id, version: 2 });
      else expect(outcome).toBeInstanceOf(ConflictError);
      await db.delete(id);
      await expectUntouched();
    },
  );

  it.for(casesOf(HOSTILE_VERSIONS, 'reject'))(
    'version %s is rejected naming expectedVersion',
    async ([, entry]) => {
      const version = entry.value as number;
      await expectRejected(
        () => db.update('canary-1', { firstName: 'X' }, version),
        'expectedVersion',
      );
      await expectRejected(() => db.delete('canary-1', version), 'expectedVersion');
      await expectUntouched();
    },
  );

  it.for(jsonBodyCases(HOSTILE_BODIES))('body %s gets its documented outcome', async ([, body]) => {
    const parsed: unknown = JSON.parse(body.json);
    const id = freshId();
    const target = freshId();
    await db.create({ id: target, firstName: 'Target', lastName: 'Row' });
    const create = () => db.create(withId(parsed, id) as Person);
    const update = () => db.update(target, parsed as Person);
    for (const [outcome, write, rowId] of [
      [body.create, create, id],
      [body.update, update, target],
    ] as const) {
      if (outcome?.kind === 'reject') await expectRejected(write, outcome.field);
      else expect(await write()).toMatchObject(outcome?.stored ?? (parsed as object));
      if (outcome?.kind === 'accept') {
        expect(await db.get(rowId)).toMatchObject(outcome.stored ?? (parsed as object));
      }
    }
    for (const rowId of [id, target]) await db.delete(rowId).catch(() => undefined);
    await expectUntouched();
  });
});
