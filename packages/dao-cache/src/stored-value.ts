import {
  type CacheEntry,
  encodeCacheEntry,
  parseCacheEntry,
  parseCacheTtl,
  ValidationError,
} from '@cachetoggle/model';

/** Largest encoded value stored by default: memcached's 1 MiB item limit less room for the key and item header. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024 - 1024;

/** An entry encoded for the store, with its size in UTF-8 bytes. */
export interface StoredValue {
  readonly value: string;
  readonly bytes: number;
}

/**
 * Encodes `entry` for the key of `id`, expiring `ttlMs` after `nowMs`. Throws `ValidationError`
 * for a TTL outside 1 ms .. 10 years, an entry `parseCacheEntry` refuses (it would read back
 * as `corrupt`), and a value over
 * `maxBytes` (memcached refuses it, and a refused set drops the old item).
 */
export function encodeStoredValue(
  id: string,
  entry: CacheEntry,
  ttlMs: number,
  nowMs: number,
  maxBytes: number,
): StoredValue {
  const ttl = parseCacheTtl(ttlMs);
  const value = encodeCacheEntry(parseCacheEntry(id, entry), nowMs + ttl);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > maxBytes) {
    throw new ValidationError(
      'entry',
      `encodes to ${bytes} bytes, more than the ${maxBytes} allowed`,
    );
  }
  return { value, bytes };
}
