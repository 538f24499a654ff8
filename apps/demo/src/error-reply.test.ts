import {
  ConflictError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '@cachetoggle/model';
import { describe, expect, it } from 'vitest';
import { errorReplyFor, INTERNAL_ERROR } from './error-reply';

describe('errorReplyFor', () => {
  it('maps each model error to its status, keeping code, message and detail', () => {
    expect(errorReplyFor(new ValidationError('firstName', 'must not be empty'))).toEqual({
      statusCode: 400,
      body: {
        error: {
          code: 'VALIDATION',
          message: 'firstName: must not be empty',
          field: 'firstName',
        },
      },
    });
    expect(errorReplyFor(new NotFoundError('ada')).statusCode).toBe(404);
    expect(errorReplyFor(new ConflictError('id-exists', 'ada', 'taken'))).toMatchObject({
      statusCode: 409,
      body: { error: { code: 'CONFLICT', reason: 'id-exists' } },
    });
    expect(errorReplyFor(new ConflictError('version-mismatch', 'ada', 'stale'))).toMatchObject({
      statusCode: 412,
      body: { error: { code: 'CONFLICT', reason: 'version-mismatch' } },
    });
    expect(errorReplyFor(new UnavailableError('db', 'refused'))).toMatchObject({
      statusCode: 503,
      body: { error: { code: 'UNAVAILABLE' } },
    });
  });

  it('anything unknown is a 500 that reveals nothing', () => {
    const secret = new Error('connect ECONNREFUSED mysql://root:pw@10.0.0.1/app');
    expect(errorReplyFor(secret)).toBe(INTERNAL_ERROR);
    expect(errorReplyFor('a string')).toBe(INTERNAL_ERROR);
    expect(errorReplyFor(null)).toBe(INTERNAL_ERROR);
    expect(errorReplyFor(Object.assign(new Error('x'), { statusCode: 502 }))).toBe(INTERNAL_ERROR);
  });

  it('other client errors keep their status with a generic message', () => {
    const error = Object.assign(new Error('Some <b>input</b> echoed'), { statusCode: 431 });
    expect(errorReplyFor(error)).toEqual({
      statusCode: 431,
      body: { error: { code: 'BAD_REQUEST', message: 'the request is not valid' } },
    });
  });
});
