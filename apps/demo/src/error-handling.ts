import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type DiscardLimits, discardBody } from './body-discard';
import { errorReplyFor } from './error-reply';

/**
 * Answers `error` in the API's error shape. Server faults are logged with their stack; client
 * mistakes are logged at info, without one (they are the client's story, not ours).
 */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, body } = errorReplyFor(error);
  if (statusCode >= 500) {
    request.log.error({ err: error, statusCode, code: body.error.code }, 'request failed');
  } else {
    request.log.info({ statusCode, code: body.error.code }, body.error.message);
  }
  reply.code(statusCode).type('application/json; charset=utf-8').send(body);
}

/**
 * Routes every error and every unknown route through `sendError`. A body refused for its size
 * is read and dropped first (within `discardLimits`), so the client, still sending, can read
 * its 413 instead of a reset connection.
 */
export function installErrorHandling(app: FastifyInstance, discardLimits?: DiscardLimits): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') await discardBody(request.raw, discardLimits);
    sendError(error, request, reply);
    return reply;
  });
  app.setNotFoundHandler((request, reply) => {
    request.log.info({ statusCode: 404 }, 'no such route');
    reply.code(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `no route ${request.method} ${routePath(request)}`,
      },
    });
  });
}

// The path without its query string, capped so a huge URL does not come back in the answer.
function routePath(request: FastifyRequest): string {
  const path = request.url.split('?', 1)[0] ?? '';
  return path.length > 100 ? `${path.slice(0, 100)}...` : path;
}
