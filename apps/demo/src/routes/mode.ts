import { typeName, ValidationError } from '@cachetoggle/model';
import type { PersonService, ServiceMode } from '@cachetoggle/service';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../admin-auth';

/**
 * `GET /mode` and `PUT /mode {"useDb": bool}`. Switching needs the admin token; the check runs
 * before the body is read, so an anonymous client cannot even have its body parsed.
 */
export function registerModeRoutes(
  app: FastifyInstance,
  service: PersonService,
  adminToken: string,
): void {
  app.get('/mode', async () => service.mode());

  app.put('/mode', { onRequest: requireAdmin(adminToken) }, async (request) => {
    const mode = parseMode(request.body);
    const before = service.mode();
    // Written to the database first: every process follows it, this one at once.
    const after = await service.setMode(mode);
    request.log.info({ from: before.useDb, to: after.useDb }, 'useDb switched');
    return after;
  });
}

/** Validates a mode switch body: exactly `{"useDb": true|false}`. */
function parseMode(body: unknown): ServiceMode {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('mode', `must be a JSON object, got ${typeName(body)}`);
  }
  const extra = Object.keys(body).filter((key) => key !== 'useDb');
  if (extra.length > 0) {
    throw new ValidationError('mode', `unknown field(s) ${extra.join(', ')}`);
  }
  const useDb = (body as { useDb?: unknown }).useDb;
  if (typeof useDb !== 'boolean') {
    throw new ValidationError('useDb', `must be true or false, got ${typeName(useDb)}`);
  }
  return { useDb };
}
