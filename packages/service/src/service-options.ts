import { randomUUID } from 'node:crypto';
import {
  MAX_CACHE_TTL_MS,
  type ModeStore,
  type PersonCache,
  type PersonDb,
  type TopologyStore,
  typeName,
  ValidationError,
} from '@cachetoggle/model';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { InvalidationRetryOptions } from './invalidation-retry-queue';
import type { LeaseWaitOptions } from './lease';
import { type Logger, silentLogger } from './logger';
import type { OutboxFollowerOptions } from './outbox-follower';
import type { ProtocolHooks } from './protocol-hooks';

/** Options of `CacheAsidePersonService`. */
export interface CacheAsidePersonServiceOptions {
  /** The source of truth. */
  readonly db: PersonDb;
  /** The cache in front of it. */
  readonly cache: PersonCache;
  /** Where cache failures and circuit changes are reported; default: silent. */
  readonly logger?: Logger;
  /** Start in DB mode (and stay in it while the mode store was never written); default false. */
  readonly useDb?: boolean;
  /**
   * The fleet's shared mode (e.g. `MysqlPersonDb.modeStore`): followed by polling, written by
   * `setMode`. Without one, the mode is this service's alone.
   */
  readonly modeStore?: ModeStore;
  /** Pause between two reads of the mode store; default 250 ms. */
  readonly modePollIntervalMs?: number;
  /**
   * The fleet's cache topology (e.g. `MysqlPersonDb.topologyStore`), for a cache with
   * `useTopology`: the cache's server list is proposed at start, then the row is followed by
   * polling, so every process places a key on the same server.
   */
  readonly topologyStore?: TopologyStore;
  /** Pause between two reads of the topology store; default 250 ms. */
  readonly topologyPollIntervalMs?: number;
  /**
   * How long after a topology switch deletes also reach a key's previous owner, and how far
   * back invalidations are sent again at the new owners; default 10000 ms. It must outlast the
   * poll interval plus the slowest topology read, so that every process has switched before
   * it ends; at least 4 poll intervals.
   */
  readonly topologyTransitionMs?: number;
  /** TTL of a cached person; default 300000 ms. */
  readonly ttlMs?: number;
  /** TTL of a cached "does not exist"; default 30000 ms. */
  readonly tombstoneTtlMs?: number;
  /**
   * TTL of a lease (a reader that dies keeps others from filling this long); default 2000 ms. A
   * cache may round it up: memcached keeps a lease taken in the read for whole seconds.
   */
  readonly leaseTtlMs?: number;
  /** Longest wait for any one cache call before serving from the DB; default 100 ms. */
  readonly cacheTimeoutMs?: number;
  readonly leaseWait?: LeaseWaitOptions;
  /** The circuit breaker each cache server gets (one per name the cache's `serverOf` gives). */
  readonly breaker?: CircuitBreakerOptions;
  /** The invalidation retry queue each cache server gets. */
  readonly invalidationRetry?: InvalidationRetryOptions;
  /**
   * How this process follows the database's invalidation outbox (when the `PersonDb` has one):
   * every write committed anywhere is invalidated in this process's cache within about
   * `pollIntervalMs` of its commit. `false` does not follow it (writes still record their rows).
   */
  readonly outbox?: OutboxFollowerOptions | false;
  /** Most ids one `getMany` accepts; default 1000. */
  readonly maxBatch?: number;
  /** Test hooks between the protocol steps. */
  readonly hooks?: ProtocolHooks;
  /** Makes the id of a person created without one; default `crypto.randomUUID`. */
  readonly idGenerator?: () => string;
  /**
   * What the service owns, and so closes in its `close()`: `{ db: true }` closes the database,
   * `{ cache: true }` the cache. Default: neither (whoever opened them closes them).
   */
  readonly owns?: ServiceOwnership;
}

/** Which of the backends it was given a service closes. */
export interface ServiceOwnership {
  readonly db?: boolean;
  readonly cache?: boolean;
}

/** The options with every default applied, validated. */
export interface ResolvedServiceOptions {
  readonly db: PersonDb;
  readonly cache: PersonCache;
  readonly logger: Logger;
  readonly useDb: boolean;
  readonly modeStore: ModeStore | undefined;
  readonly modePollIntervalMs: number;
  readonly topologyStore: TopologyStore | undefined;
  readonly topologyPollIntervalMs: number;
  readonly topologyTransitionMs: number;
  readonly ttlMs: number;
  readonly tombstoneTtlMs: number;
  readonly leaseTtlMs: number;
  readonly cacheTimeoutMs: number;
  readonly leaseWait: Required<LeaseWaitOptions>;
  readonly breaker: Required<CircuitBreakerOptions>;
  readonly invalidationRetry: Required<InvalidationRetryOptions>;
  readonly outbox: Required<OutboxFollowerOptions> | undefined;
  readonly maxBatch: number;
  readonly hooks: ProtocolHooks | undefined;
  readonly idGenerator: () => string;
  readonly owns: Required<ServiceOwnership>;
}

/** How much a cache may add to a lease's TTL by rounding it up (memcached: to whole seconds). */
const LEASE_ROUNDING_MS = 1_000;

const DB_METHODS = ['get', 'getMany', 'create', 'update', 'delete'] as const;
const MODE_METHODS = ['read', 'write'] as const;
const TOPOLOGY_METHODS = ['read', 'propose'] as const;
const CACHE_METHODS = [
  'get',
  'getMany',
  'getIdentifiable',
  'add',
  'putIfUntouched',
  'delete',
] as const;

/** Applies defaults and validates; throws `ValidationError` naming the first bad option. */
export function resolveServiceOptions(
  options: CacheAsidePersonServiceOptions,
): ResolvedServiceOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options', `must be an object, got ${typeName(options)}`);
  }
  const o = options;
  const leaseWait = o.leaseWait ?? {};
  const breaker = o.breaker ?? {};
  const retry = o.invalidationRetry ?? {};
  const owns = o.owns === undefined ? {} : objectOf('owns', o.owns);
  const outbox = o.outbox === false ? undefined : objectOf('outbox', o.outbox ?? {});
  const leaseTtlMs = int('leaseTtlMs', o.leaseTtlMs, 2_000, 1, 60_000);
  const topologyPollIntervalMs = int(
    'topologyPollIntervalMs',
    o.topologyPollIntervalMs,
    250,
    1,
    60_000,
  );
  const initialDelayMs = int(
    'invalidationRetry.initialDelayMs',
    retry.initialDelayMs,
    50,
    1,
    60_000,
  );
  const ownsDb = bool('owns.db', owns.db, false);
  const ownsCache = bool('owns.cache', owns.cache, false);
  return {
    db: withMethods('db', o.db, ownsDb ? [...DB_METHODS, 'close'] : DB_METHODS),
    cache: withMethods('cache', o.cache, ownsCache ? [...CACHE_METHODS, 'close'] : CACHE_METHODS),
    logger:
      o.logger === undefined ? silentLogger : withMethods('logger', o.logger, ['warn', 'error']),
    useDb: bool('useDb', o.useDb, false),
    modeStore:
      o.modeStore === undefined ? undefined : withMethods('modeStore', o.modeStore, MODE_METHODS),
    modePollIntervalMs: int('modePollIntervalMs', o.modePollIntervalMs, 250, 1, 60_000),
    topologyStore:
      o.topologyStore === undefined
        ? undefined
        : withMethods('topologyStore', o.topologyStore, TOPOLOGY_METHODS),
    topologyPollIntervalMs,
    topologyTransitionMs: int(
      'topologyTransitionMs',
      o.topologyTransitionMs,
      Math.max(10_000, 4 * topologyPollIntervalMs),
      4 * topologyPollIntervalMs,
      3_600_000,
    ),
    ttlMs: int('ttlMs', o.ttlMs, 300_000, 1, MAX_CACHE_TTL_MS),
    tombstoneTtlMs: int('tombstoneTtlMs', o.tombstoneTtlMs, 30_000, 1, MAX_CACHE_TTL_MS),
    leaseTtlMs,
    cacheTimeoutMs: int('cacheTimeoutMs', o.cacheTimeoutMs, 100, 1, 60_000),
    leaseWait: {
      pollIntervalMs: int('leaseWait.pollIntervalMs', leaseWait.pollIntervalMs, 5, 1, 10_000),
      maxWaitMs: int(
        'leaseWait.maxWaitMs',
        leaseWait.maxWaitMs,
        leaseTtlMs + LEASE_ROUNDING_MS,
        0,
        60_000 + LEASE_ROUNDING_MS,
      ),
    },
    breaker: {
      failureThreshold: int('breaker.failureThreshold', breaker.failureThreshold, 5, 1, 1_000_000),
      cooldownMs: int('breaker.cooldownMs', breaker.cooldownMs, 1_000, 1, 3_600_000),
    },
    invalidationRetry: {
      capacity: int('invalidationRetry.capacity', retry.capacity, 10_000, 1, 10_000_000),
      initialDelayMs,
      maxDelayMs: int(
        'invalidationRetry.maxDelayMs',
        retry.maxDelayMs,
        5_000,
        initialDelayMs,
        3_600_000,
      ),
    },
    outbox: outbox && resolveOutbox(outbox),
    maxBatch: int('maxBatch', o.maxBatch, 1_000, 1, 100_000),
    hooks: o.hooks === undefined ? undefined : objectOf('hooks', o.hooks),
    idGenerator: o.idGenerator === undefined ? randomUUID : fn('idGenerator', o.idGenerator),
    owns: { db: ownsDb, cache: ownsCache },
  };
}

function resolveOutbox(outbox: OutboxFollowerOptions): Required<OutboxFollowerOptions> {
  const retentionMs = int('outbox.retentionMs', outbox.retentionMs, 60_000, 1_000, 86_400_000);
  return {
    pollIntervalMs: int('outbox.pollIntervalMs', outbox.pollIntervalMs, 250, 1, 60_000),
    gapWindowMs: int('outbox.gapWindowMs', outbox.gapWindowMs, 10_000, 0, retentionMs),
    retentionMs,
  };
}

function int(field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function bool(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be a boolean');
  return value;
}

function objectOf<T>(field: string, value: T): T {
  if (typeof value !== 'object' || value === null) {
    throw new ValidationError(field, `must be an object, got ${typeName(value)}`);
  }
  return value;
}

function fn<T>(field: string, value: T): T {
  if (typeof value !== 'function') throw new ValidationError(field, 'must be a function');
  return value;
}

function withMethods<T>(field: string, value: T, methods: readonly string[]): T {
  const target = objectOf(field, value) as Record<string, unknown>;
  for (const method of methods) {
    if (typeof target[method] !== 'function') {
      throw new ValidationError(field, `must have a ${method}() method`);
    }
  }
  return value;
}
