import { describe, expect, it } from 'vitest';
import {
  CacheToggleError,
  ConflictError,
  isCacheToggleError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from './errors';

describe('errors', () => {
  it('carry stable codes and their own names', () => {
    expect(new ValidationError('id', 'bad')).toMatchObject({
      code: 'VALIDATION',
      name: 'ValidationError',
      field: 'id',
      message: 'id: bad',
    });
    expect(new NotFoundError('a')).toMatchObject({ code: 'NOT_FOUND', id: 'a' });
    expect(new ConflictError('version-mismatch', 'a', 'stale')).toMatchObject({
      code: 'CONFLICT',
      reason: 'version-mismatch',
    });
    const cause = new Error('ECONNREFUSED');
    const unavailable = new UnavailableError('db', 'connection refused', { cause });
    expect(unavailable).toMatchObject({ code: 'UNAVAILABLE', backend: 'db', cause });
    expect(unavailable.message).toBe('db unavailable: connection refused');
  });

  it('isCacheToggleError recognises ours and nothing else', () => {
    expect(isCacheToggleError(new NotFoundError('a'))).toBe(true);
    expect(isCacheToggleError(new UnavailableError('cache', 'down'))).toBe(true);
    for (const code of ['CONFLICT', 'NOT_FOUND', 'ER_DUP_ENTRY']) {
      const foreign = Object.assign(new Error('secret detail of a driver'), { code });
      expect(isCacheToggleError(foreign), code).toBe(false);
      expect(foreign).not.toBeInstanceOf(ConflictError);
    }
    expect(isCacheToggleError('NOT_FOUND')).toBe(false);
    expect(isCacheToggleError({ code: 'NOT_FOUND' })).toBe(false);
  });

  it('instanceof recognises the errors of another copy of the package by brand and code', () => {
    // What the CommonJS build's NotFoundError looks like to the ESM build: another class, the
    // same global brand.
    const brand = Symbol.for('cachetoggle.error');
    class OtherCopyError extends Error {
      readonly code = 'NOT_FOUND';
      get [brand]() {
        return true;
      }
    }
    const other = new OtherCopyError('person "a" not found');
    expect(other).toBeInstanceOf(NotFoundError);
    expect(other).toBeInstanceOf(CacheToggleError);
    expect(other).not.toBeInstanceOf(ConflictError);
    expect(isCacheToggleError(other)).toBe(true);
    const badCode = Object.assign(new OtherCopyError('x'), { code: 'TEAPOT' });
    expect(isCacheToggleError(badCode)).toBe(false);
    expect(new ValidationError('id', 'bad')).not.toBeInstanceOf(NotFoundError);
  });
});
