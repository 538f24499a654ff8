import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const BEARER = /^Bearer ([\x21-\x7e]+)$/i;

/**
 * True when `authorization` is `Bearer <token>` with the admin token. Both sides are hashed
 * first so `timingSafeEqual` compares equal-length digests and the time taken says nothing
 * about the token's length or contents.
 */
export function isAdminAuthorization(authorization: string | undefined, token: string): boolean {
  const given = authorization === undefined ? undefined : BEARER.exec(authorization.trim())?.[1];
  const expected = digest(token);
  const actual = digest(given ?? '');
  return timingSafeEqual(actual, expected) && given !== undefined;
}

/** An `onRequest` hook that answers 401 unless the request carries the admin token. */
export function requireAdmin(token: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isAdminAuthorization(request.headers.authorization, token)) return;
    request.log.info({ statusCode: 401 }, 'admin request without a valid token');
    await reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="cachetoggle"')
      .send({
        error: {
          code: 'UNAUTHORIZED',
          message: 'this needs the header Authorization: Bearer <ADMIN_TOKEN>',
        },
      });
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
