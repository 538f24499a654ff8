import { UnavailableError, ValidationError } from '@cachetoggle/model';
import { FakePersonCache, FakePersonDb } from '@cachetoggle/testing/fakes';
import { describe, expect, it, vi } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';

const open = () => ({ db: new FakePersonDb(), cache: new FakePersonCache() });

describe('close and what the service owns', () => {
  it('by default closes neither backend: whoever opened them closes them', async () => {
    const { db, cache } = open();
    await new CacheAsidePersonService({ db, cache }).close();
    await expect(db.get('a')).resolves.toBeUndefined();
    await expect(cache.get('a')).resolves.toEqual({ kind: 'miss' });
  });

  it('closes exactly what owns names, once however often it is called', async () => {
    for (const owns of [{ db: true }, { cache: true }, { db: true, cache: true }]) {
      const { db, cache } = open();
      const closeDb = vi.spyOn(db, 'close');
      const closeCache = vi.spyOn(cache, 'close');
      const service = new CacheAsidePersonService({ db, cache, owns });
      await Promise.all([service.close(), service.close()]);
      await service.close();
      expect(closeDb).toHaveBeenCalledTimes(owns.db ? 1 : 0);
      expect(closeCache).toHaveBeenCalledTimes(owns.cache ? 1 : 0);
      if (owns.db) await expect(db.get('a')).rejects.toBeInstanceOf(UnavailableError);
      if (owns.cache) await expect(cache.get('a')).rejects.toBeInstanceOf(UnavailableError);
    }
  });

  it('closes the other backend when one fails to close, then reports the failure', async () => {
    const { db, cache } = open();
    const failure = new Error('pool already ended');
    vi.spyOn(db, 'close').mockRejectedValue(failure);
    const closeCache = vi.spyOn(cache, 'close');
    const service = new CacheAsidePersonService({ db, cache, owns: { db: true, cache: true } });
    await expect(service.close()).rejects.toBe(failure);
    expect(closeCache).toHaveBeenCalledTimes(1);
  });

  it('refuses an owns that is not an object of booleans, or an owned backend without close', () => {
    const { db, cache } = open();
    const bad: [unknown, string][] = [
      ['yes', 'owns'],
      [{ db: 'yes' }, 'owns.db'],
      [{ cache: 1 }, 'owns.cache'],
    ];
    for (const [owns, field] of bad) {
      expect(() => new CacheAsidePersonService({ db, cache, owns: owns as never })).toThrow(
        expect.objectContaining({ field }),
      );
    }
    const withoutClose = {
      get: db.get.bind(db),
      getMany: db.getMany.bind(db),
      create: db.create.bind(db),
      update: db.update.bind(db),
      delete: db.delete.bind(db),
    };
    expect(
      () =>
        new CacheAsidePersonService({
          db: withoutClose as never,
          cache,
          owns: { db: true },
        }),
    ).toThrow(ValidationError);
  });
});
