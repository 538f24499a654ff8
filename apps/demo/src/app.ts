import type { PersonService, TopologyStatus } from '@cachetoggle/service';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DiscardLimits } from './body-discard';
import { answerClientError } from './client-error';
import type { DemoConfig } from './config';
import { installErrorHandling, sendError } from './error-handling';
import type { HealthProbes } from './health-probes';
import { installJsonBodyParser } from './json-body-parser';
import { ReadMeter } from './read-meter';
import { dashboardRoutes } from './routes/dashboard';
import { healthRoute } from './routes/health';
import { metricsRoute } from './routes/metrics';
import { modeRoutes } from './routes/mode';
import { peopleReadRoutes } from './routes/people-read';
import { peopleWriteRoutes } from './routes/people-write';
import { statsRoute } from './routes/stats';
import { schemaErrorsAs } from './schema-errors';
import { errorBodySchema } from './schemas/error';
import { personJsonSchema } from './schemas/people';
import { createMetricsRegistry } from './service-metrics';

/** What `buildApp` needs. */
export interface AppOptions {
  readonly service: PersonService;
  readonly config: Pick<DemoConfig, 'adminToken' | 'bodyLimitBytes' | 'maxIdsPerRequest'>;
  readonly probes: HealthProbes;
  /** The cache topology `GET /healthz` reports (absent: none reported). */
  readonly topology?: () => TopologyStatus;
  /** How long `GET /healthz` waits for each probe; default `DEFAULT_PROBE_TIMEOUT_MS`. */
  readonly probeTimeoutMs?: number;
  /** How much of a too-large body is read and dropped before the 413; default `DEFAULT_DISCARD_LIMITS`. */
  readonly discardLimits?: DiscardLimits;
  /** The request logger (see `createLogger`); without one the app logs nothing. */
  readonly logger?: FastifyBaseLogger;
}

/**
 * The demo's HTTP API (the plugins of `routes/`) over `service`, not yet listening: call
 * `listen()`, or test it with `inject()`. Every error, including Fastify's own (bad JSON or not
 * UTF-8, wrong content type, body too large, bad URL), Node's (URL or headers too large) and
 * unknown routes, is answered as `{"error": {"code", "message"}}`.
 */
export function buildApp(options: AppOptions): FastifyInstance {
  const { service, config, probes, topology, logger, probeTimeoutMs, discardLimits } = options;
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    // What Node's HTTP parser refuses (e.g. a URL over 16 KiB) never reaches the error handler.
    clientErrorHandler: answerClientError,
    // Bad URL encodings and over-long path parameters are rejected before routing, and would
    // otherwise be answered in Fastify's own shape.
    frameworkErrors: sendError,
    // A schema failure is a ValidationError naming the field, answered like the model's own.
    schemaErrorFormatter: schemaErrorsAs(),
    ajv: {
      customOptions: {
        // Fastify's defaults would drop unknown fields silently and turn "true" into true;
        // both must be refused instead, naming the field.
        removeAdditional: false,
        coerceTypes: false,
        // All errors, so the one named is the one a reader looks for first (see schemaErrorsAs).
        allErrors: true,
      },
    },
  });

  // JSON is the only body type: Fastify's default text/plain parser would let a text body
  // reach the routes as a string instead of being refused with a 415.
  app.removeContentTypeParser('text/plain');
  installJsonBodyParser(app);
  installErrorHandling(app, discardLimits);
  app.addSchema(errorBodySchema);
  app.addSchema(personJsonSchema);
  const meter = new ReadMeter();
  app.register(peopleReadRoutes, { service, maxIdsPerRequest: config.maxIdsPerRequest, meter });
  app.register(peopleWriteRoutes, { service });
  app.register(modeRoutes, { service, adminToken: config.adminToken });
  app.register(statsRoute, { service, meter });
  app.register(metricsRoute, { registry: createMetricsRegistry(service) });
  app.register(healthRoute, { service, probes, topology, timeoutMs: probeTimeoutMs });
  app.register(dashboardRoutes);
  return app;
}
