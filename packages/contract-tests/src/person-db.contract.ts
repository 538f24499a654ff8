import { randomBytes } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  type Person,
  type PersonDb,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { personDbOutboxCases } from './person-db-outbox.contract';
import { HARD_NAMES, INJECTION_IDS, INVALID_IDS } from './person-inputs';
import type { ContractTestRunner } from './test-runner';

/** What a database offers beyond the required methods; its contract runs for what it declares. */
export interface PersonDbCapabilities {
  /**
   * `readInvalidations` and `trimInvalidations` (both or neither): every committed write is
   * recorded in the write's own transaction; default false.
   */
  readonly outbox?: boolean;
}

/** A database ready for use (migrated), and how to dispose of what `open` created. */
export interface OpenedPersonDb {
  readonly db: PersonDb;
  /** Runs after the suite has closed `db`. */
  readonly cleanup?: () => Promise<void>;
}

/**
 * The `PersonDb` contract, written once and run against every implementation (as keyv's
 * test suite is run against every store), on the test runner passed in (`import * as vitest
 * from 'vitest'`). `open` is called once for the suite and once more for the close tests; each
 * test uses ids of its own, so the database may be shared and non-empty.
 */
export function personDbContract(
  runner: ContractTestRunner,
  name: string,
  open: () => Promise<OpenedPersonDb>,
  { outbox = false }: PersonDbCapabilities = {},
): void {
  const { describe, it, expect, beforeAll, afterAll } = runner;
  describe(name, () => {
    let opened: OpenedPersonDb | undefined;
    let db: PersonDb;
    const run = randomBytes(4).toString('hex');
    let counter = 0;
    const freshId = (label = 'p') => `${label}-${run}-${++counter}`;
    const createFresh = (firstName = 'Ada', lastName = 'Lovelace') =>
      db.create({ id: freshId(), firstName, lastName });

    beforeAll(async () => {
      opened = await open();
      db = opened.db;
    });

    afterAll(async () => {
      await opened?.db.close();
      await opened?.cleanup?.();
    });

    describe('reads', () => {
      it('get of an absent id resolves to undefined', async () => {
        await expect(db.get(freshId())).resolves.toBeUndefined();
      });

      it('create returns the person at version 1 and get returns it exactly', async () => {
        for (const [firstName, lastName] of HARD_NAMES) {
          const id = freshId();
          const expected: Person = { id, firstName, lastName, version: 1 };
          await expect(db.create({ id, firstName, lastName })).resolves.toStrictEqual(expected);
          const read = await db.get(id);
          expect(read).toStrictEqual(expected);
          expect(read?.firstName).toBe(firstName);
          expect(read?.lastName).toBe(lastName);
        }
      });

      it('ids differing only in case or in a trailing "-" or "_" are distinct rows', async () => {
        const base = `Ab${run}${++counter}`;
        const variants = [base, base.toLowerCase(), base.toUpperCase(), `${base}-`, `${base}_`];
        await db.create({ id: base, firstName: 'base', lastName: 'row' });
        for (const other of variants.slice(1)) await expect(db.get(other)).resolves.toBeUndefined();
        for (const other of variants.slice(1)) {
          await db.create({ id: other, firstName: other, lastName: 'row' });
        }
        const all = await db.getMany(variants);
        expect([...all.keys()].sort()).toStrictEqual([...variants].sort());
        expect((await db.get(base))?.firstName).toBe('base');
        for (const other of variants.slice(1)) expect(all.get(other)?.firstName).toBe(other);
      });

      it('getMany returns the present ids once each and omits the absent', async () => {
        const a = await createFresh('A', 'One');
        const b = await createFresh('B', 'Two');
        const absent = freshId();
        const found = await db.getMany([a.id, absent, b.id, a.id, absent]);
        expect(found).toBeInstanceOf(Map);
        expect(found.size).toBe(2);
        expect(found.get(a.id)).toStrictEqual(a);
        expect(found.get(b.id)).toStrictEqual(b);
        expect(found.has(absent)).toBe(false);
      });

      it('getMany of no ids, or only absent ones, is an empty Map', async () => {
        expect((await db.getMany([])).size).toBe(0);
        expect((await db.getMany([freshId(), freshId()])).size).toBe(0);
      });
    });

    describe('writes', () => {
      it('a taken id is a ConflictError (id-exists) and the row is kept', async () => {
        const first = await createFresh('First', 'Writer');
        const second = db.create({ id: first.id, firstName: 'Second', lastName: 'Writer' });
        await expect(second).rejects.toBeInstanceOf(ConflictError);
        await expect(second).rejects.toMatchObject({ reason: 'id-exists', id: first.id });
        await expect(db.get(first.id)).resolves.toStrictEqual(first);
      });

      it('update bumps the version and keeps the field it was not given', async () => {
        const p = await createFresh('Grace', 'Hopper');
        const renamed = await db.update(p.id, { firstName: 'Amazing Grace' });
        expect(renamed).toStrictEqual({ ...p, firstName: 'Amazing Grace', version: 2 });
        const moved = await db.update(p.id, { lastName: 'Murray' }, 2);
        expect(moved).toStrictEqual({
          ...p,
          firstName: 'Amazing Grace',
          lastName: 'Murray',
          version: 3,
        });
        await expect(db.get(p.id)).resolves.toStrictEqual(moved);
      });

      it('update with a stale expectedVersion is a ConflictError and changes nothing', async () => {
        const p = await createFresh();
        const current = await db.update(p.id, { firstName: 'Current' });
        const stale = db.update(p.id, { firstName: 'Stale' }, 1);
        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        await expect(stale).rejects.toMatchObject({ reason: 'version-mismatch', id: p.id });
        await expect(db.update(p.id, { lastName: 'Future' }, 3)).rejects.toBeInstanceOf(
          ConflictError,
        );
        await expect(db.get(p.id)).resolves.toStrictEqual(current);
      });

      it('update or delete of an absent id is a NotFoundError, with or without a version', async () => {
        const id = freshId();
        await expect(db.update(id, { firstName: 'X' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(db.update(id, { firstName: 'X' }, 1)).rejects.toBeInstanceOf(NotFoundError);
        await expect(db.delete(id)).rejects.toBeInstanceOf(NotFoundError);
        await expect(db.delete(id, 1)).rejects.toMatchObject({ code: 'NOT_FOUND', id });
        await expect(db.get(id)).resolves.toBeUndefined();
      });

      it('of 10 concurrent updates expecting the same version, exactly one succeeds', async () => {
        const p = await createFresh();
        const attempts = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => db.update(p.id, { firstName: `Writer ${i}` }, 1)),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a) => a.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const a of lost) expect(a.reason).toMatchObject({ reason: 'version-mismatch' });
        const winner = (won[0] as PromiseFulfilledResult<Person>).value;
        expect(winner.version).toBe(2);
        await expect(db.get(p.id)).resolves.toStrictEqual(winner);
      });

      it('10 concurrent unconditional updates all apply, each returning its own version', async () => {
        const p = await createFresh();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => db.update(p.id, { lastName: `Writer ${i}` })),
        );
        const versions = results.map((r) => r.version).sort((x, y) => x - y);
        expect(versions).toStrictEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        const last = results.find((r) => r.version === 11);
        await expect(db.get(p.id)).resolves.toStrictEqual(last);
      });

      it('delete with a stale version is a ConflictError; with the current one it deletes', async () => {
        const p = await createFresh();
        await db.update(p.id, { firstName: 'Twice' });
        const stale = db.delete(p.id, 1);
        await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', reason: 'version-mismatch' });
        expect((await db.get(p.id))?.version).toBe(2);
        await db.delete(p.id, 2);
        await expect(db.get(p.id)).resolves.toBeUndefined();
        await expect(db.delete(p.id)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('a deleted id can be created again, at version 1', async () => {
        const p = await createFresh('Old', 'Row');
        await db.update(p.id, { firstName: 'Older' });
        await db.delete(p.id);
        const again = await db.create({ id: p.id, firstName: 'New', lastName: 'Row' });
        expect(again).toStrictEqual({ id: p.id, firstName: 'New', lastName: 'Row', version: 1 });
      });
    });

    describe('validation', () => {
      it('invalid ids are ValidationErrors from every method', async () => {
        const target = await createFresh();
        for (const bad of [...INVALID_IDS, ...INJECTION_IDS]) {
          const id = bad as string;
          await expect(db.get(id)).rejects.toBeInstanceOf(ValidationError);
          await expect(db.getMany([target.id, id])).rejects.toBeInstanceOf(ValidationError);
          await expect(db.create({ id, firstName: 'A', lastName: 'B' })).rejects.toBeInstanceOf(
            ValidationError,
          );
          await expect(db.update(id, { firstName: 'A' })).rejects.toBeInstanceOf(ValidationError);
          await expect(db.delete(id)).rejects.toBeInstanceOf(ValidationError);
        }
        await expect(db.get(target.id)).resolves.toStrictEqual(target);
      });

      it('SQL injection payloads as ids change no other row', async () => {
        const bystanders = [await createFresh('By', 'Stander'), await createFresh('Other', 'Row')];
        for (const payload of INJECTION_IDS) {
          await expect(db.delete(payload)).rejects.toBeInstanceOf(ValidationError);
          await expect(db.update(payload, { firstName: 'pwned' })).rejects.toBeInstanceOf(
            ValidationError,
          );
        }
        const after = await db.getMany(bystanders.map((p) => p.id));
        for (const p of bystanders) expect(after.get(p.id)).toStrictEqual(p);
        await expect(createFresh()).resolves.toMatchObject({ version: 1 });
      });

      it('invalid people, changes and versions are ValidationErrors naming the field', async () => {
        const p = await createFresh();
        const bad = (value: unknown) => value as never;
        const cases: [Promise<unknown>, string][] = [
          [db.create(bad({ firstName: 'No', lastName: 'Id' })), 'id'],
          [db.create({ id: freshId(), firstName: '', lastName: 'B' }), 'firstName'],
          [db.create({ id: freshId(), firstName: 'A', lastName: 'b'.repeat(101) }), 'lastName'],
          [db.create({ id: freshId(), firstName: 'A\u0000', lastName: 'B' }), 'firstName'],
          [db.create({ id: freshId(), firstName: '\ud800', lastName: 'B' }), 'firstName'],
          [db.create({ id: freshId(), firstName: '   ', lastName: 'B' }), 'firstName'],
          [db.create(bad({ id: freshId(), firstName: 'A', lastName: 'B', version: 9 })), 'person'],
          [db.update(p.id, {}), 'changes'],
          [db.update(p.id, bad({ firstName: 'A', version: 5 })), 'changes'],
          [db.update(p.id, { lastName: 'Line\nBreak' }), 'lastName'],
          [db.update(p.id, { firstName: 'A' }, 0), 'expectedVersion'],
          [db.update(p.id, { firstName: 'A' }, 1.5), 'expectedVersion'],
          [db.update(p.id, { firstName: 'A' }, bad('1')), 'expectedVersion'],
          [db.delete(p.id, Number.NaN), 'expectedVersion'],
          [db.getMany(bad('not-an-array')), 'ids'],
        ];
        for (const [call, field] of cases) {
          await expect(call).rejects.toBeInstanceOf(ValidationError);
          await expect(call).rejects.toMatchObject({ field });
        }
        await expect(db.get(p.id)).resolves.toStrictEqual(p);
      });
    });

    if (outbox) {
      personDbOutboxCases(runner, () => db, freshId);
    } else {
      it('declares no outbox and offers neither outbox method', () => {
        expect(db.readInvalidations).toBeUndefined();
        expect(db.trimInvalidations).toBeUndefined();
      });
    }

    describe('close', () => {
      it('is idempotent, and calls after it fail with UnavailableError', async () => {
        const other = await open();
        try {
          await other.db.close();
          await other.db.close();
          await expect(other.db.get('someone')).rejects.toBeInstanceOf(UnavailableError);
          await expect(
            other.db.create({ id: freshId(), firstName: 'A', lastName: 'B' }),
          ).rejects.toBeInstanceOf(UnavailableError);
        } finally {
          await other.cleanup?.();
        }
      });
    });
  });
}
