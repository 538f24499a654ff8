import {
  booleanOption,
  integerOption,
  type MemcacheServerAddress,
  optionCheckedBy,
  optionsObject,
  parseMemcacheServers,
  parseOptions,
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

const memcacheOptionsSchema = optionsObject({
  refreshAhead: booleanOption(true),
  servers: optionCheckedBy(parseMemcacheServers),
  namespace: optionCheckedBy((namespace) => new CacheKeyScheme(namespace as string | undefined)),
  timeoutMs: integerOption(1, Number.MAX_SAFE_INTEGER, DEFAULT_MEMCACHE_TIMEOUT_MS),
  maxValueBytes: integerOption(1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_VALUE_BYTES),
});

/** Checks `options` and applies the defaults; throws `ValidationError` naming the bad field. */
export function resolveMemcacheOptions(
  options: MemcachePersonCacheOptions,
): ResolvedMemcacheOptions {
  const { namespace, ...rest } = parseOptions(memcacheOptionsSchema, options);
  return { keys: namespace, ...rest };
}
