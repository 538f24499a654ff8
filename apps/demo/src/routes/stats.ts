import type { PersonService } from '@cachetoggle/service';
import type { FastifyInstance } from 'fastify';

/** `GET /stats`: the service's counters, its hit ratio, and the current mode. */
export function registerStatsRoute(app: FastifyInstance, service: PersonService): void {
  app.get('/stats', async () => ({ ...service.stats(), useDb: service.mode().useDb }));
}
