import type { PersonService, TopologyStatus } from '@cachetoggle/service';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { HealthProbes } from '../health-probes';
import { healthSchema } from '../schemas/operations';

/** How long a probe may take before its backend counts as down, unless told otherwise. */
export const DEFAULT_PROBE_TIMEOUT_MS = 2000;

type BackendState = 'up' | 'down';

/** What `GET /healthz` needs. */
export interface HealthOptions {
  readonly service: PersonService;
  readonly probes: HealthProbes;
  /** The cache topology to report; absent, the body has no `topology`. */
  readonly topology?: () => TopologyStatus;
  /** How long each probe may take; default `DEFAULT_PROBE_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/**
 * `GET /healthz`: 200 `{status, db, cache, breaker, servers, useDb, mode}` while the database answers
 * (a cache that is down only degrades the service), 503 when the database does not. `breaker`
 * is every cache server's breaker taken together ('open' if any is open); `servers` has each
 * one's breaker and pending invalidations; `mode` says whether `useDb` is the fleet's shared
 * mode or, when the mode row cannot be read, the last one known (`source: 'last-known'`);
 * `topology` is the cache topology generation and servers keys are placed by, said the same way.
 */
export const healthRoute: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  const { service, probes, topology, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS } = options;
  app.get('/healthz', { schema: healthSchema }, async (request, reply) => {
    const [db, cache] = await Promise.all([
      probe(() => probes.db(), timeoutMs, request.log, 'db'),
      probe(() => probes.cache(), timeoutMs, request.log, 'cache'),
    ]);
    const status = db === 'down' ? 'down' : cache === 'down' ? 'degraded' : 'ok';
    reply.code(db === 'down' ? 503 : 200);
    const { breakerState, servers, mode } = service.stats();
    const placed = topology?.();
    return {
      status,
      db,
      cache,
      breaker: breakerState,
      servers,
      useDb: mode.useDb,
      mode,
      ...(placed ? { topology: placed } : {}),
    };
  });
};

async function probe(
  check: () => Promise<void>,
  timeoutMs: number,
  log: FastifyInstance['log'],
  backend: string,
): Promise<BackendState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch (error) {
    log.warn(
      { backend, reason: error instanceof Error ? error.message : String(error) },
      'health probe failed',
    );
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
