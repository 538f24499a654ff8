import type { PersonService } from '@cachetoggle/service';
import type { FastifyPluginAsync } from 'fastify';
import { statsSchema } from '../schemas/operations';

/** What `GET /stats` needs. */
export interface StatsOptions {
  readonly service: PersonService;
}

/** `GET /stats`: the service's counters, its hit ratio, and the current mode. */
export const statsRoute: FastifyPluginAsync<StatsOptions> = async (app, { service }) => {
  app.get('/stats', { schema: statsSchema }, async () => ({
    ...service.stats(),
    useDb: service.mode().useDb,
  }));
};
