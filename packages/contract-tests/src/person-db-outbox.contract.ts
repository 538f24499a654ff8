import type { PersonDb, PersonInvalidation } from '@cachetoggle/model';
import { ConflictError, NotFoundError, ValidationError } from '@cachetoggle/model';
import type { ContractTestRunner } from './test-runner';

type OutboxDb = PersonDb & Required<Pick<PersonDb, 'readInvalidations' | 'trimInvalidations'>>;

// Every row after `afterSeq`, page by page.
async function readAll(db: OutboxDb, afterSeq: number): Promise<PersonInvalidation[]> {
  const rows: PersonInvalidation[] = [];
  for (let cursor = afterSeq; ; ) {
    const page = await db.readInvalidations(cursor, 1000);
    rows.push(...page);
    const last = page.at(-1);
    if (last === undefined) return rows;
    cursor = last.seq;
  }
}

async function latestSeq(db: OutboxDb): Promise<number> {
  return (await readAll(db, 0)).at(-1)?.seq ?? 0;
}

/**
 * The outbox cases of the `PersonDb` contract, for a database that declares `outbox`: a
 * committed write is in the outbox and a write that failed is not.
 */
export function personDbOutboxCases(
  runner: ContractTestRunner,
  db: () => PersonDb,
  freshId: () => string,
): void {
  const { describe, it, expect } = runner;
  describe('outbox', () => {
    const outbox = (): OutboxDb => {
      const d = db();
      if (d.readInvalidations === undefined || d.trimInvalidations === undefined) {
        throw new Error(
          'the database declares outbox but lacks readInvalidations or trimInvalidations',
        );
      }
      return d as OutboxDb;
    };

    it('every committed create, update and delete is in the outbox, in commit order', async () => {
      const d = outbox();
      const before = await latestSeq(d);
      const id = freshId();
      await d.create({ id, firstName: 'Ada', lastName: 'Lovelace' });
      await d.update(id, { lastName: 'King' });
      await d.delete(id, 2);
      const rows = (await readAll(d, before)).filter((row) => row.id === id);
      expect(rows).toHaveLength(3);
      const seqs = rows.map((row) => row.seq);
      expect(seqs).toStrictEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(3);
    });

    it('a write that failed (taken id, absent id, stale version) records nothing', async () => {
      const d = outbox();
      const id = freshId();
      await d.create({ id, firstName: 'Ada', lastName: 'Lovelace' });
      const before = await latestSeq(d);
      await expect(d.create({ id, firstName: 'B', lastName: 'C' })).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(d.update(id, { firstName: 'X' }, 7)).rejects.toBeInstanceOf(ConflictError);
      await expect(d.delete(id, 7)).rejects.toBeInstanceOf(ConflictError);
      const absent = freshId();
      await expect(d.update(absent, { firstName: 'X' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(d.delete(absent)).rejects.toBeInstanceOf(NotFoundError);
      await expect(d.delete(absent, 1)).rejects.toBeInstanceOf(NotFoundError);
      const rows = await readAll(d, before);
      expect(rows.filter((row) => row.id === id || row.id === absent)).toStrictEqual([]);
    });

    it('readInvalidations returns at most `limit` rows, all after `afterSeq`', async () => {
      const d = outbox();
      const before = await latestSeq(d);
      for (let i = 0; i < 3; i++) await d.create({ id: freshId(), firstName: 'A', lastName: 'B' });
      const first = await d.readInvalidations(before, 2);
      expect(first).toHaveLength(2);
      expect(first.every((row) => row.seq > before)).toBe(true);
      const rest = await d.readInvalidations(first[1]?.seq ?? 0, 10);
      expect(rest.length >= 1, 'a later page holds the third row').toBe(true);
      expect(rest.every((row) => row.seq > (first[1]?.seq ?? 0))).toBe(true);
    });

    it('trimInvalidations keeps recent rows and removes old ones', async () => {
      const d = outbox();
      const before = await latestSeq(d);
      const id = freshId();
      await d.create({ id, firstName: 'A', lastName: 'B' });
      await d.trimInvalidations(60_000);
      expect((await readAll(d, before)).some((row) => row.id === id)).toBe(true);
      // The clock must move past the row's time before a zero age can take it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await d.trimInvalidations(0);
      expect((await readAll(d, before)).some((row) => row.id === id)).toBe(false);
    });

    it('bad outbox arguments are ValidationErrors', async () => {
      const d = outbox();
      for (const [afterSeq, limit] of [
        [-1, 10],
        [1.5, 10],
        [Number.NaN, 10],
        [0, 0],
        [0, '10'],
      ] as const) {
        await expect(d.readInvalidations(afterSeq, limit as number)).rejects.toBeInstanceOf(
          ValidationError,
        );
      }
      await expect(d.trimInvalidations(-1)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
