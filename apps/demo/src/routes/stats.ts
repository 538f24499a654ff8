import type { PersonService } from '@cachetoggle/service';
import type { FastifyPluginAsync } from 'fastify';
import type { ReadMeter } from '../read-meter';
import { statsSchema } from '../schemas/operations';

/** What `GET /stats` needs. */
export interface StatsOptions {
  readonly service: PersonService;
  /** What the read routes answered, by source and latency. */
  readonly meter: ReadMeter;
}

/**
 * `GET /stats`: the service's counters, its hit ratio and cache servers, the current mode, the
 * people the read routes answered by source (`reads`) and their latency percentiles
 * (`latencyMs`).
 */
export const statsRoute: FastifyPluginAsync<StatsOptions> = async (app, { service, meter }) => {
  app.get('/stats', { schema: statsSchema }, async () => ({
    ...service.stats(),
    useDb: service.mode().useDb,
    ...meter.snapshot(),
  }));
};
