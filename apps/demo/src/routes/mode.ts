import type { PersonService, ServiceMode } from '@cachetoggle/service';
import type { FastifyPluginAsync } from 'fastify';
import { requireAdmin } from '../admin-auth';
import { schemaErrorsAs } from '../schema-errors';
import { getModeSchema, setModeSchema } from '../schemas/operations';

/** What the mode routes need. */
export interface ModeOptions {
  readonly service: PersonService;
  /** The bearer token `PUT /mode` requires. */
  readonly adminToken: string;
}

/**
 * `GET /mode` and `PUT /mode {"useDb": bool}`. Switching needs the admin token; the check runs
 * before the body is read, so an anonymous client cannot even have its body parsed.
 */
export const modeRoutes: FastifyPluginAsync<ModeOptions> = async (app, options) => {
  const { service, adminToken } = options;

  app.get('/mode', { schema: getModeSchema }, async () => service.mode());

  app.put<{ Body: ServiceMode }>(
    '/mode',
    {
      onRequest: requireAdmin(adminToken),
      schema: setModeSchema,
      schemaErrorFormatter: schemaErrorsAs('mode'),
    },
    async (request) => {
      const before = service.mode();
      // Written to the database first: every process follows it, this one at once.
      const after = await service.setMode({ useDb: request.body.useDb });
      request.log.info({ from: before.useDb, to: after.useDb }, 'useDb switched');
      return after;
    },
  );
};
