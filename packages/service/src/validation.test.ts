import { ValidationError } from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { CacheAsidePersonService } from './cache-aside-person-service';
import type { PersonService } from './person-service';
import { ada, createFixture } from './service-fixture';

type Call = [string, (s: PersonService) => Promise<unknown>, string];

const BAD_CALLS: Call[] = [
  ['get with an empty id', (s) => s.get(''), 'id'],
  ['get with a space in the id', (s) => s.get('a b'), 'id'],
  ['get with a 65-character id', (s) => s.get('a'.repeat(65)), 'id'],
  ['get with a non-string id', (s) => s.get(42 as unknown as string), 'id'],
  ['get with a non-boolean useDb', (s) => s.get('ada', { useDb: 'yes' as never }), 'useDb'],
  ['getMany with a non-array', (s) => s.getMany('ada' as never), 'ids'],
  ['getMany with one bad id', (s) => s.getMany(['ada', 'b/c']), 'ids.1'],
  ['create with an unknown field', (s) => s.create({ ...ada } as never), 'person'],
  ['create with an empty name', (s) => s.create({ firstName: '', lastName: 'X' }), 'firstName'],
  ['create with a bad id', (s) => s.create({ id: 'é', firstName: 'A', lastName: 'B' }), 'id'],
  ['update with no change', (s) => s.update('ada', {}), 'changes'],
  ['update with a control character', (s) => s.update('ada', { lastName: 'a\u0000' }), 'lastName'],
  ['update with version 0', (s) => s.update('ada', { firstName: 'A' }, 0), 'expectedVersion'],
  ['update with a bad id', (s) => s.update('', { firstName: 'A' }), 'id'],
  ['delete with a fractional version', (s) => s.delete('ada', 1.5), 'expectedVersion'],
  ['delete with a bad id', (s) => s.delete('a:b'), 'id'],
];

describe('validation at the service boundary', () => {
  it.each(BAD_CALLS)('%s is a ValidationError before any backend call', async (_, call, field) => {
    const { service, db, cache } = createFixture({ people: [ada] });
    const error = await call(service).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(Object.values(db.calls).every((n) => n === 0)).toBe(true);
    expect(Object.values(cache.calls).every((n) => n === 0)).toBe(true);
  });

  it('setMode accepts only { useDb: boolean }', async () => {
    const { service } = createFixture();
    await expect(service.setMode({ useDb: 1 as never })).rejects.toThrow(ValidationError);
    await expect(service.setMode(null as never)).rejects.toThrow(ValidationError);
    expect(service.mode()).toEqual({ useDb: false });
  });

  it('a generated id that breaks the id rules is refused before the DB is written', async () => {
    const { service, db } = createFixture({ idGenerator: () => 'not valid!' });
    await expect(service.create({ firstName: 'A', lastName: 'B' })).rejects.toMatchObject({
      field: 'generated id',
    });
    expect(db.calls.create).toBe(0);
  });

  it('creates with a generated id when none is given', async () => {
    const { service } = createFixture({ idGenerator: () => 'gen-1' });
    expect(await service.create({ firstName: 'A', lastName: 'B' })).toEqual({
      id: 'gen-1',
      firstName: 'A',
      lastName: 'B',
      version: 1,
    });
  });

  it('the constructor rejects bad options, naming them', () => {
    const { db, cache } = createFixture();
    const bad: [Record<string, unknown>, string][] = [
      [{ db: undefined }, 'db'],
      [{ cache: {} }, 'cache'],
      [{ ttlMs: 0 }, 'ttlMs'],
      [{ tombstoneTtlMs: 1.5 }, 'tombstoneTtlMs'],
      [{ leaseTtlMs: -1 }, 'leaseTtlMs'],
      [{ cacheTimeoutMs: '100' }, 'cacheTimeoutMs'],
      [{ leaseWait: { maxWaitMs: -1 } }, 'leaseWait.maxWaitMs'],
      [{ breaker: { failureThreshold: 0 } }, 'breaker.failureThreshold'],
      [
        { invalidationRetry: { initialDelayMs: 10, maxDelayMs: 5 } },
        'invalidationRetry.maxDelayMs',
      ],
      [{ breaker: 5 }, 'breaker'],
      [{ outbox: { retentionMs: 2_000, gapWindowMs: 2_001 } }, 'outbox.gapWindowMs'],
      [{ owns: [] }, 'owns'],
      [{ maxBatch: 0 }, 'maxBatch'],
      [{ useDb: 'false' }, 'useDb'],
      [{ logger: { warn() {} } }, 'logger'],
      [{ idGenerator: 'x' }, 'idGenerator'],
    ];
    for (const [options, field] of bad) {
      expect(() => new CacheAsidePersonService({ db, cache, ...options } as never), field).toThrow(
        expect.objectContaining({ field }),
      );
    }
  });
});
