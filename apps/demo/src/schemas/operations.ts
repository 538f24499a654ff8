import { errorResponses } from './error';

const breakerState = { type: 'string', enum: ['closed', 'open', 'half-open'] } as const;

const modeJson = {
  type: 'object',
  required: ['useDb'],
  properties: { useDb: { type: 'boolean' } },
} as const;

/** `GET /mode`. */
export const getModeSchema = {
  response: { 200: modeJson, ...errorResponses },
} as const;

/** `PUT /mode {"useDb": bool}`. */
export const setModeSchema = {
  body: { ...modeJson, additionalProperties: false },
  response: { 200: modeJson, ...errorResponses },
} as const;

const serversJson = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'breakerState', 'pendingInvalidations'],
    properties: {
      name: { type: 'string' },
      breakerState,
      pendingInvalidations: { type: 'integer' },
    },
  },
} as const;

/** Where the mode came from: the fleet's shared row, the start-up option, or the last one known. */
const modeStatusJson = {
  type: 'object',
  required: ['useDb', 'source'],
  properties: {
    useDb: { type: 'boolean' },
    source: { type: 'string', enum: ['configured', 'shared', 'last-known'] },
    changedAt: { type: 'integer' },
    unreadableSince: { type: 'integer' },
  },
} as const;

/** The cache topology keys are placed by, and where it came from. */
const topologyStatusJson = {
  type: 'object',
  required: ['source'],
  properties: {
    generation: { type: 'integer' },
    servers: { type: 'array', items: { type: 'string' } },
    source: { type: 'string', enum: ['configured', 'shared', 'last-known'] },
    unreadableSince: { type: 'integer' },
  },
} as const;

const COUNTERS = [
  'hits',
  'misses',
  'tombstoneHits',
  'fills',
  'fillRacesLost',
  'leaseWaits',
  'refreshes',
  'refreshFailures',
  'dbReads',
  'cacheErrors',
  'corruptEntries',
  'invalidationFailures',
  'invalidationRetries',
  'invalidationsDropped',
  'nearHits',
  'pendingInvalidations',
] as const;

/** `GET /stats`. */
export const statsSchema = {
  response: {
    200: {
      type: 'object',
      required: [
        ...COUNTERS,
        'hitRatio',
        'breakerState',
        'servers',
        'useDb',
        'mode',
        'reads',
        'latencyMs',
      ],
      properties: {
        ...Object.fromEntries(COUNTERS.map((name) => [name, { type: 'integer' }])),
        hitRatio: { type: 'number' },
        breakerState,
        servers: serversJson,
        useDb: { type: 'boolean' },
        mode: modeStatusJson,
        reads: {
          type: 'object',
          required: ['cache', 'db'],
          properties: { cache: { type: 'integer' }, db: { type: 'integer' } },
        },
        latencyMs: {
          type: 'object',
          required: ['p50', 'p99', 'samples', 'windowMs'],
          properties: {
            p50: { type: 'number' },
            p99: { type: 'number' },
            samples: { type: 'integer' },
            windowMs: { type: 'integer' },
          },
        },
      },
    },
    ...errorResponses,
  },
} as const;

const backendState = { type: 'string', enum: ['up', 'down'] } as const;
const healthJson = {
  type: 'object',
  required: ['status', 'db', 'cache', 'breaker', 'servers', 'useDb', 'mode'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
    db: backendState,
    cache: backendState,
    breaker: breakerState,
    servers: serversJson,
    useDb: { type: 'boolean' },
    mode: modeStatusJson,
    topology: topologyStatusJson,
  },
} as const;

/** `GET /healthz`: the same body at 200 and at 503. */
export const healthSchema = {
  response: { 200: healthJson, 503: healthJson, ...errorResponses },
} as const;

/** `GET /metrics`: Prometheus text. */
export const metricsSchema = {
  response: { 200: { type: 'string' }, ...errorResponses },
} as const;
