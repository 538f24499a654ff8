import { errorCodes, type FastifyInstance } from 'fastify';

// `fatal` makes a body that is not UTF-8 an error instead of text with U+FFFD in it (which
// `Buffer.toString` would store as if the client had sent it). A leading BOM is dropped, as
// Fastify's own parser did.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces Fastify's `application/json` parser (the body limit still applies) with one that
 * decodes the raw bytes as strict UTF-8 (RFC 8259 §8.1) and parses them with plain
 * `JSON.parse`. A `__proto__` or `constructor` key stays an own property of the body, touching
 * no prototype, so the routes' strict schemas reject it and name the field. Failures are
 * Fastify's own errors, which `errorReplyFor` answers as 400 `MALFORMED_JSON`. An empty body is
 * refused, except on `DELETE`, which takes none: a client that sends `Content-Type` on every
 * request can still delete.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser<Buffer>(
    'application/json',
    { parseAs: 'buffer' },
    (request, body, done) => {
      if (body.length === 0) {
        if (request.method === 'DELETE') done(null, undefined);
        else done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(utf8.decode(body));
      } catch {
        done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
        return;
      }
      done(null, parsed);
    },
  );
}
