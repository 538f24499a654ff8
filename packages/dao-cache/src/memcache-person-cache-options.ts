import {
  type MemcacheServerAddress,
  parseMemcacheServers,
  ValidationError,
} from '@cachetoggle/model';
import { CacheKeyScheme } from './key-scheme';
import { DEFAULT_MAX_VALUE_BYTES } from './stored-value';

/** Default time a memcached operation may take before it fails, in milliseconds. */
export const DEFAULT_MEMCACHE_TIMEOUT_MS = 100;

/** Options of `MemcachePersonCache`. */
export interface MemcachePersonCacheOptions {
  /**
   * `host:port[,host:port...]`; keys are spread over the servers by ketama consistent hashing.
   * No credentials: SASL needs memcached's binary protocol.
   */
  readonly servers: string;
  /** Key prefix, 1–100 of `A–Z a–z 0–9 _ - .`; default `person`. */
  readonly namespace?: string;
  /** Per-operation timeout in ms (connect and answer); default 100. */
  readonly timeoutMs?: number;
  /** Largest encoded value accepted; default just under memcached's 1 MiB item limit. */
  readonly maxValueBytes?: number;
  /**
   * Whether `getOrLease` hands one reader the refresh of a hot key shortly before it expires
   * (`refresh`), so that it never misses; default true. Off, a key read continuously misses
   * once per TTL and one reader takes the lease.
   */
  readonly refreshAhead?: boolean;
}

/** The options with every default applied, checked. */
export interface ResolvedMemcacheOptions {
  readonly servers: readonly MemcacheServerAddress[];
  readonly keys: CacheKeyScheme;
  readonly timeoutMs: number;
  readonly maxValueBytes: number;
  readonly refreshAhead: boolean;
}

/** Checks `options` and applies the defaults; throws `ValidationError` naming the bad field. */
export function resolveMemcacheOptions(
  options: MemcachePersonCacheOptions,
): ResolvedMemcacheOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('options', 'must be an object with at least `servers`');
  }
  const refreshAhead = options.refreshAhead ?? true;
  if (typeof refreshAhead !== 'boolean') {
    throw new ValidationError('refreshAhead', 'must be a boolean');
  }
  return {
    servers: parseMemcacheServers(options.servers),
    keys: new CacheKeyScheme(options.namespace),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_MEMCACHE_TIMEOUT_MS),
    maxValueBytes: positiveInteger(
      'maxValueBytes',
      options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
    ),
    refreshAhead,
  };
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new ValidationError(field, 'must be a positive integer');
}
