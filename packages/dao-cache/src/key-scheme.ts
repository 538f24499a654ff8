import { ValidationError } from '@cachetoggle/model';

/** Longest memcached key, in bytes. */
export const MAX_CACHE_KEY_BYTES = 250;

/** Longest namespace accepted, in characters (all ASCII). */
export const MAX_NAMESPACE_LENGTH = 100;

/** The namespace used when none is given. */
export const DEFAULT_CACHE_NAMESPACE = 'person';

const PLAIN_ID = /^[A-Za-z0-9_-]+$/;
const NAMESPACE = /^[A-Za-z0-9_.-]+$/;

/**
 * Maps person ids to cache keys, injectively for ANY string id (a consumer may call a DAO with
 * ids the model would reject) and always to a legal memcached key: printable ASCII without
 * spaces, at most 250 bytes.
 *
 *   `<namespace>:<id>`                  when the id is `[A-Za-z0-9_-]+` (every valid person id)
 *   `<namespace>~<base64url(utf8(id))>` otherwise
 *
 * The namespace may not contain `:` or `~`, so the first of them ends it, tells the two forms
 * apart, and keys of different namespaces never meet. A key epoch above 1 (a cache topology
 * that added a server, see `useTopology`) follows the namespace as `#<epoch>`: `#` is in
 * neither a namespace nor an epoch, so keys of different epochs never meet either, and the
 * keys of epoch 1 are those of a cache that never had a topology.
 */
export class CacheKeyScheme {
  readonly #prefixPlain: string;
  readonly #prefixEncoded: string;

  /**
   * Throws `ValidationError` unless `namespace` is 1–100 characters from `A–Z a–z 0–9 _ - .`
   * and `epoch` a positive safe integer.
   */
  constructor(
    readonly namespace: string = DEFAULT_CACHE_NAMESPACE,
    readonly epoch = 1,
  ) {
    if (
      typeof namespace !== 'string' ||
      namespace.length > MAX_NAMESPACE_LENGTH ||
      !NAMESPACE.test(namespace)
    ) {
      throw new ValidationError(
        'namespace',
        `must be 1 to ${MAX_NAMESPACE_LENGTH} characters from A-Z a-z 0-9 "_" "-" "."`,
      );
    }
    if (!Number.isSafeInteger(epoch) || epoch < 1) {
      throw new ValidationError('epoch', 'must be a positive safe integer');
    }
    const prefix = epoch === 1 ? namespace : `${namespace}#${epoch}`;
    this.#prefixPlain = `${prefix}:`;
    this.#prefixEncoded = `${prefix}~`;
  }

  /**
   * The key of `id`. Throws `ValidationError` (before anything is sent: memjs never answers an
   * empty or over-long key, and stalls the requests behind it) for a non-string, an empty id, an
   * id with a lone surrogate (it has no UTF-8 form, so two such ids could share a key), or an id
   * whose key would exceed 250 bytes.
   */
  key(id: string): string {
    if (typeof id === 'string' && id.length <= MAX_CACHE_KEY_BYTES && PLAIN_ID.test(id)) {
      const key = this.#prefixPlain + id;
      if (key.length <= MAX_CACHE_KEY_BYTES) return key;
      throw tooLong();
    }
    return this.#encodedKey(id);
  }

  #encodedKey(id: unknown): string {
    if (typeof id !== 'string') throw new ValidationError('id', 'must be a string');
    if (id.length === 0) throw new ValidationError('id', 'must not be empty');
    if (!id.isWellFormed()) {
      throw new ValidationError('id', 'must be well-formed Unicode (no lone surrogates)');
    }
    // base64 grows 4/3 and UTF-8 at most 3 bytes per UTF-16 unit: refuse huge ids before encoding.
    if (id.length > MAX_CACHE_KEY_BYTES) throw tooLong();
    const key = this.#prefixEncoded + Buffer.from(id, 'utf8').toString('base64url');
    if (key.length <= MAX_CACHE_KEY_BYTES) return key;
    throw tooLong();
  }
}

function tooLong(): ValidationError {
  return new ValidationError(
    'id',
    `is too long: its cache key would exceed memcached's ${MAX_CACHE_KEY_BYTES} bytes`,
  );
}
