import { randomBytes } from 'node:crypto';
import { parseOptions } from '@cachetoggle/model';
import { z } from 'zod';
import { defaultDataDir } from './data-dir';
import { type DatabaseTarget, parseDatabaseUrl } from './database-url';
import { parseMemcacheServers } from './memcache-servers';

/** Log levels pino understands. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A log level pino understands. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** memcached reads expiries longer than 30 days as Unix times, so the TTL stops there. */
export const MAX_CACHE_TTL_SECONDS = 30 * 24 * 60 * 60;

/** Everything the demo reads from its environment. */
export interface DemoConfig {
  /** The MySQL/MariaDB to use, or `undefined` for the embedded SQLite file. */
  readonly database: DatabaseTarget | undefined;
  /** `host:port` of each memcached, or `undefined` for the in-process store. */
  readonly memcacheServers: readonly string[] | undefined;
  readonly cacheTtlSeconds: number;
  readonly useDb: boolean;
  readonly port: number;
  readonly host: string;
  readonly adminToken: string;
  /** True when `ADMIN_TOKEN` was absent and the token was generated for this run. */
  readonly adminTokenGenerated: boolean;
  readonly bodyLimitBytes: number;
  readonly maxIdsPerRequest: number;
  readonly dbPoolSize: number;
  readonly logLevel: LogLevel;
  /** Where the embedded SQLite file lives. */
  readonly dataDir: string;
}

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be an integer from ${min} to ${max}`);

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};

const boolean = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => Object.hasOwn(BOOLEAN_WORDS, s), 'must be true or false')
  .transform((s) => BOOLEAN_WORDS[s] === true);

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  MEMCACHE_SERVERS: z.string().optional(),
  CACHE_TTL_SECONDS: integer(1, MAX_CACHE_TTL_SECONDS).default(300),
  USE_DB: boolean.default(false),
  PORT: integer(0, 65_535).default(3000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address')
    .default('127.0.0.1'),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .max(256, 'must be at most 256 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  BODY_LIMIT_BYTES: integer(64, 10 * 1024 * 1024).default(16 * 1024),
  MAX_IDS_PER_REQUEST: integer(1, 1000).default(100),
  DB_POOL_SIZE: integer(1, 100).default(10),
  LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
  DEMO_DATA_DIR: z.string().optional(),
});

/**
 * Reads the demo's configuration from `env`. An empty variable counts as unset. A bad value is
 * a `ValidationError` whose field is the variable's name; the message never repeats the value,
 * so a mistyped `DATABASE_URL` cannot leak its password into a log.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const present: Record<string, string> = {};
  for (const name of Object.keys(envSchema.shape)) {
    const value = env[name];
    if (value !== undefined && value !== '') present[name] = value;
  }
  const e = parseOptions(envSchema, present, 'environment');
  return {
    database: e.DATABASE_URL === undefined ? undefined : parseDatabaseUrl(e.DATABASE_URL),
    memcacheServers:
      e.MEMCACHE_SERVERS === undefined ? undefined : parseMemcacheServers(e.MEMCACHE_SERVERS),
    cacheTtlSeconds: e.CACHE_TTL_SECONDS,
    useDb: e.USE_DB,
    port: e.PORT,
    host: e.HOST,
    adminToken: e.ADMIN_TOKEN ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated: e.ADMIN_TOKEN === undefined,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    maxIdsPerRequest: e.MAX_IDS_PER_REQUEST,
    dbPoolSize: e.DB_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DEMO_DATA_DIR ?? defaultDataDir(),
  };
}
