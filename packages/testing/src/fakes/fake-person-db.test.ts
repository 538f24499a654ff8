import {
  ConflictError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { FakePersonDb } from './fake-person-db';

describe('FakePersonDb', () => {
  it('creates at version 1 and increments the version on every update', async () => {
    const db = new FakePersonDb();
    const created = await db.create({ id: 'ada', firstName: 'Ada', lastName: 'Lovelace' });
    expect(created).toEqual({ id: 'ada', firstName: 'Ada', lastName: 'Lovelace', version: 1 });
    const updated = await db.update('ada', { lastName: 'King' });
    expect(updated).toEqual({ id: 'ada', firstName: 'Ada', lastName: 'King', version: 2 });
    expect(await db.get('ada')).toEqual(updated);
  });

  it('refuses a taken id and a stale expected version with ConflictError', async () => {
    const db = new FakePersonDb([{ id: 'a', firstName: 'A', lastName: 'B', version: 3 }]);
    await expect(db.create({ id: 'a', firstName: 'X', lastName: 'Y' })).rejects.toMatchObject({
      reason: 'id-exists',
    });
    await expect(db.update('a', { firstName: 'Z' }, 2)).rejects.toBeInstanceOf(ConflictError);
    await expect(db.delete('a', 4)).rejects.toMatchObject({ reason: 'version-mismatch' });
    expect(db.peek('a')?.version).toBe(3);
    await db.delete('a', 3);
    expect(await db.get('a')).toBeUndefined();
  });

  it('reports an unknown person on update and delete as NotFoundError', async () => {
    const db = new FakePersonDb();
    await expect(db.update('nobody', { firstName: 'X' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(db.delete('nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads many people in one call, leaving out the absent ones', async () => {
    const db = new FakePersonDb([
      { id: 'a', firstName: 'A', lastName: 'A', version: 1 },
      { id: 'b', firstName: 'B', lastName: 'B', version: 1 },
    ]);
    const found = await db.getMany(['b', 'x', 'a']);
    expect([...found.keys()].sort()).toEqual(['a', 'b']);
  });

  it('validates arguments before touching any row', async () => {
    const db = new FakePersonDb([{ id: 'a', firstName: 'A', lastName: 'A', version: 1 }]);
    await expect(db.get('bad id')).rejects.toBeInstanceOf(ValidationError);
    await expect(db.getMany(['a', ''])).rejects.toMatchObject({ field: 'ids.1' });
    await expect(db.update('a', {})).rejects.toBeInstanceOf(ValidationError);
    await expect(db.update('a', { firstName: 'X' }, 0)).rejects.toMatchObject({
      field: 'expectedVersion',
    });
    expect(db.peek('a')?.version).toBe(1);
  });

  it('fails every call with UnavailableError once closed', async () => {
    const db = new FakePersonDb();
    await db.close();
    await expect(db.get('a')).rejects.toBeInstanceOf(UnavailableError);
  });
});
