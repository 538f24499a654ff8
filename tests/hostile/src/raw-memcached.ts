import memjs from 'memjs';

/** A plain memjs client for reading and planting raw bytes, beside the DAO under test. */
export interface RawMemcached {
  /** The bytes stored under `key`, or `null`. */
  get(key: string): Promise<Buffer | null>;
  /** Stores `bytes` under `key` for `ttlSeconds`. */
  set(key: string, bytes: Buffer, ttlSeconds?: number): Promise<void>;
  close(): void;
}

/** Connects to `servers` (`host:port[,…]`). */
export function openRawMemcached(servers: string): RawMemcached {
  const client = memjs.Client.create(servers, { logger: { log: () => {} }, timeout: 1 });
  return {
    async get(key) {
      return (await client.get(key)).value;
    },
    async set(key, bytes, ttlSeconds = 60) {
      if (!(await client.set(key, bytes, { expires: ttlSeconds }))) {
        throw new Error(`memcached did not store ${key}`);
      }
    },
    close: () => client.close(),
  };
}
