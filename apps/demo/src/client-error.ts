import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ErrorReply } from './error-reply';

/** A request Node's HTTP parser refused before any route could see it. */
interface ClientError extends Error {
  readonly code?: string;
}

const HEADERS_TOO_LARGE: ErrorReply = {
  statusCode: 431,
  body: { error: { code: 'HEADERS_TOO_LARGE', message: 'the URL or headers are too large' } },
};
const REQUEST_TIMEOUT: ErrorReply = {
  statusCode: 408,
  body: { error: { code: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive' } },
};
const UNPARSABLE: ErrorReply = {
  statusCode: 400,
  body: { error: { code: 'BAD_REQUEST', message: 'the request is not valid HTTP' } },
};

/** Maps an error of Node's HTTP parser to its answer: 431, 408 or 400. */
export function clientErrorReplyFor(error: ClientError): ErrorReply {
  if (error.code === 'HPE_HEADER_OVERFLOW') return HEADERS_TOO_LARGE;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return REQUEST_TIMEOUT;
  return UNPARSABLE;
}

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP parser refuses (a URL or headers
 * over its 16 KiB limit, bytes that are not HTTP, a request too slow to arrive) in the API's
 * error shape instead of Fastify's, logs it as a client mistake (info, no error object), and
 * closes the connection, whose remaining bytes cannot be trusted.
 */
export function answerClientError(this: FastifyInstance, error: ClientError, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { statusCode, body } = clientErrorReplyFor(error);
  this.log.info({ statusCode, code: body.error.code }, body.error.message);
  if (socket.writable) {
    const text = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'Connection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroy();
}
