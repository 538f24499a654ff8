import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { metricsSchema } from '../schemas/operations';

/** What `GET /metrics` needs. */
export interface MetricsOptions {
  readonly registry: Registry;
}

/** `GET /metrics`: Prometheus text exposition of `registry`. */
export const metricsRoute: FastifyPluginAsync<MetricsOptions> = async (app, { registry }) => {
  app.get('/metrics', { schema: metricsSchema }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
};
