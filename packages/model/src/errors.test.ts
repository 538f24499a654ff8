import { describe, expect, it } from 'vitest';
import {
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
    expect(isCacheToggleError(Object.assign(new Error('x'), { code: 'CONFLICT' }))).toBe(true);
    expect(isCacheToggleError(Object.assign(new Error('x'), { code: 'ER_DUP_ENTRY' }))).toBe(false);
    expect(isCacheToggleError('NOT_FOUND')).toBe(false);
  });
});
