import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

/** Routes every error and every unknown route through `sendError`. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
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
