import { randomUUID } from 'node:crypto';
import {
  booleanOption,
  functionOption,
  integerInRange,
  integerOption,
  integerRangeMessage,
  MAX_CACHE_TTL_MS,
  type ModeStore,
  objectOption,
  optInOptionGroup,
  optionGroup,
  optionsObject,
  type PersonCache,
  type PersonDb,
  parseOptions,
  switchableOptionGroup,
  type TopologyStore,
} from '@cachetoggle/model';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { InvalidationRetryOptions } from './invalidation-retry-queue';
import type { LeaseWaitOptions } from './lease';
import { type Logger, silentLogger } from './logger';
import type { NearCacheOptions } from './near-cache';
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
  /**
   * An in-process near cache in front of the cache for `get` and `getMany` (off when absent or
   * `false`). It is emptied of an id by this process's writes and by every outbox row the
   * follower reads, so another process's write stops being served within about
   * `outbox.pollIntervalMs` (and never after `ttlMs`). It needs the outbox: a `PersonDb`
   * without one, or `outbox: false`, is refused.
   */
  readonly nearCache?: NearCacheOptions | false;
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
  readonly nearCache: Required<NearCacheOptions> | undefined;
  readonly maxBatch: number;
  readonly hooks: ProtocolHooks | undefined;
  readonly idGenerator: () => string;
  readonly owns: Required<ServiceOwnership>;
}

/** How much a cache may add to a lease's TTL by rounding it up (memcached: to whole seconds). */
const LEASE_ROUNDING_MS = 1_000;
const MAX_RETRY_DELAY_MS = 3_600_000;
const MAX_TOPOLOGY_TRANSITION_MS = 3_600_000;

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

const outboxSchema = optionsObject({
  pollIntervalMs: integerOption(1, 60_000, 250),
  gapWindowMs: integerOption(0, 86_400_000, 10_000),
  retentionMs: integerOption(1_000, 86_400_000, 60_000),
}).superRefine((outbox, ctx) => {
  if (outbox.gapWindowMs > outbox.retentionMs) {
    const message = integerRangeMessage(0, outbox.retentionMs, outbox.gapWindowMs);
    ctx.addIssue({ code: 'custom', path: ['gapWindowMs'], message });
  }
});

const nearCacheSchema = optionsObject({
  maxEntries: integerOption(1, 10_000_000, 10_000),
  ttlMs: integerOption(1, 3_600_000, 1_000),
});

const serviceOptionsSchema = optionsObject({
  db: objectOption<PersonDb>(DB_METHODS),
  cache: objectOption<PersonCache>(CACHE_METHODS),
  logger: objectOption<Logger>(['warn', 'error']).default(silentLogger),
  useDb: booleanOption(false),
  modeStore: objectOption<ModeStore>(MODE_METHODS).optional(),
  modePollIntervalMs: integerOption(1, 60_000, 250),
  topologyStore: objectOption<TopologyStore>(TOPOLOGY_METHODS).optional(),
  topologyPollIntervalMs: integerOption(1, 60_000, 250),
  // Its default and its floor follow the poll interval, so both are applied once the whole
  // object is read.
  topologyTransitionMs: integerInRange(1, MAX_TOPOLOGY_TRANSITION_MS).optional(),
  ttlMs: integerOption(1, MAX_CACHE_TTL_MS, 300_000),
  tombstoneTtlMs: integerOption(1, MAX_CACHE_TTL_MS, 30_000),
  leaseTtlMs: integerOption(1, 60_000, 2_000),
  cacheTimeoutMs: integerOption(1, 60_000, 100),
  leaseWait: optionGroup(
    optionsObject({
      pollIntervalMs: integerOption(1, 10_000, 5),
      // Its default follows the lease TTL, so it is applied once the whole object is read.
      maxWaitMs: integerInRange(0, 60_000 + LEASE_ROUNDING_MS).optional(),
    }),
  ),
  breaker: optionGroup(
    optionsObject({
      failureThreshold: integerOption(1, 1_000_000, 5),
      cooldownMs: integerOption(1, 3_600_000, 1_000),
    }),
  ),
  invalidationRetry: optionGroup(
    optionsObject({
      capacity: integerOption(1, 10_000_000, 10_000),
      initialDelayMs: integerOption(1, 60_000, 50),
      maxDelayMs: integerOption(1, MAX_RETRY_DELAY_MS, 5_000),
    }).superRefine((retry, ctx) => {
      if (retry.maxDelayMs < retry.initialDelayMs) {
        const message = integerRangeMessage(
          retry.initialDelayMs,
          MAX_RETRY_DELAY_MS,
          retry.maxDelayMs,
        );
        ctx.addIssue({ code: 'custom', path: ['maxDelayMs'], message });
      }
    }),
  ),
  // `false` turns the follower off; absent, it follows with the defaults.
  outbox: switchableOptionGroup(outboxSchema),
  nearCache: optInOptionGroup(nearCacheSchema),
  maxBatch: integerOption(1, 100_000, 1_000),
  hooks: objectOption<ProtocolHooks>().optional(),
  idGenerator: functionOption<() => string>().default(() => randomUUID),
  owns: optionsObject({ db: booleanOption(false), cache: booleanOption(false) }).prefault({}),
}).transform((o, ctx): ResolvedServiceOptions => {
  // Only an owned backend is closed by the service, so only then must it have `close()`.
  for (const name of ['db', 'cache'] as const) {
    if (o.owns[name] && typeof o[name].close !== 'function') {
      ctx.issues.push({
        code: 'custom',
        path: [name],
        input: o[name],
        message: 'must have a close() method',
      });
    }
  }
  // The outbox rows are what drop another process's writes from the near cache: without them
  // nothing bounds its staleness but its TTL.
  if (o.nearCache !== undefined && (o.outbox === undefined || !hasOutbox(o.db))) {
    ctx.issues.push({
      code: 'custom',
      path: ['nearCache'],
      input: o.nearCache,
      message: 'needs a database with an outbox, followed (outbox not false)',
    });
  }
  const fewestTransitionMs = 4 * o.topologyPollIntervalMs;
  if (o.topologyTransitionMs !== undefined && o.topologyTransitionMs < fewestTransitionMs) {
    ctx.issues.push({
      code: 'custom',
      path: ['topologyTransitionMs'],
      input: o.topologyTransitionMs,
      message: integerRangeMessage(
        fewestTransitionMs,
        MAX_TOPOLOGY_TRANSITION_MS,
        o.topologyTransitionMs,
      ),
    });
  }
  return {
    ...o,
    modeStore: o.modeStore,
    topologyStore: o.topologyStore,
    topologyTransitionMs: o.topologyTransitionMs ?? Math.max(10_000, fewestTransitionMs),
    outbox: o.outbox,
    nearCache: o.nearCache,
    hooks: o.hooks,
    leaseWait: {
      pollIntervalMs: o.leaseWait.pollIntervalMs,
      maxWaitMs: o.leaseWait.maxWaitMs ?? o.leaseTtlMs + LEASE_ROUNDING_MS,
    },
  };
});

/** Applies defaults and validates; throws `ValidationError` naming the first bad option. */
export function resolveServiceOptions(
  options: CacheAsidePersonServiceOptions,
): ResolvedServiceOptions {
  return parseOptions(serviceOptionsSchema, options);
}

function hasOutbox(db: PersonDb): boolean {
  return typeof db.readInvalidations === 'function' && typeof db.trimInvalidations === 'function';
}
