import {
  type ConflictError,
  isCacheToggleError,
  MAX_PERSON_ID_LENGTH,
  type ValidationError,
} from '@cachetoggle/model';

/** The body of every error response: `{"error": {"code", "message"}}`, plus detail fields. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    /** For `VALIDATION`: the offending field. */
    readonly field?: string;
    /** For `CONFLICT`: `id-exists` or `version-mismatch`. */
    readonly reason?: string;
  };
}

/** An error as the HTTP API answers it. */
export interface ErrorReply {
  readonly statusCode: number;
  readonly body: ErrorBody;
}

/** Fastify's own client errors, answered in our shape with messages that echo no input. */
const FRAMEWORK_ERRORS: Readonly<Record<string, ErrorReply>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: reply(400, 'MALFORMED_JSON', 'the body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: reply(400, 'MALFORMED_JSON', 'the body is empty'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: reply(
    400,
    'BAD_REQUEST',
    'Content-Length does not match the body',
  ),
  FST_ERR_CTP_BODY_TOO_LARGE: reply(413, 'BODY_TOO_LARGE', 'the body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: reply(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'the body must be application/json',
  ),
  FST_ERR_BAD_URL: reply(400, 'BAD_REQUEST', 'the URL is not valid'),
  FST_ERR_MAX_PARAM_LENGTH: {
    statusCode: 400,
    body: {
      error: {
        code: 'VALIDATION',
        message: `id: must be at most ${MAX_PERSON_ID_LENGTH} characters`,
        field: 'id',
      },
    },
  },
};

/** The generic answer to anything unexpected; the details go to the log, not the client. */
export const INTERNAL_ERROR: ErrorReply = reply(500, 'INTERNAL', 'internal server error');

/**
 * Maps an error to its HTTP answer: the model's errors by their code (ValidationError 400,
 * NotFoundError 404, ConflictError 409 or 412, UnavailableError 503), Fastify's client errors by
 * theirs, and everything else to a 500 that reveals nothing.
 */
export function errorReplyFor(error: unknown): ErrorReply {
  if (isCacheToggleError(error)) {
    switch (error.code) {
      case 'VALIDATION':
        return {
          statusCode: 400,
          body: {
            error: {
              code: error.code,
              message: error.message,
              field: (error as ValidationError).field,
            },
          },
        };
      case 'NOT_FOUND':
        return reply(404, error.code, error.message);
      case 'CONFLICT': {
        const reason = (error as ConflictError).reason;
        const statusCode = reason === 'version-mismatch' ? 412 : 409;
        return {
          statusCode,
          body: { error: { code: error.code, message: error.message, reason } },
        };
      }
      case 'UNAVAILABLE':
        return reply(503, error.code, error.message);
    }
  }
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && Object.hasOwn(FRAMEWORK_ERRORS, fastifyCode)) {
    return FRAMEWORK_ERRORS[fastifyCode] ?? INTERNAL_ERROR;
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return reply(statusCode, 'BAD_REQUEST', 'the request is not valid');
  }
  return INTERNAL_ERROR;
}

function reply(statusCode: number, code: string, message: string): ErrorReply {
  return { statusCode, body: { error: { code, message } } };
}
