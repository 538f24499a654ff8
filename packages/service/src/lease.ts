import { randomBytes } from 'node:crypto';
import type { CacheEntry } from '@cachetoggle/model';

/**
 * How long a reader that finds someone else's lease waits for the value. The lease holder is
 * reading the DB, so the default is to wait as long as the lease can live: a slow database
 * then still costs one read per id across every process, and a reader that polls with
 * `getOrLease` takes over a lease whose holder died once it expires.
 */
export interface LeaseWaitOptions {
  /** First pause between two looks at the key (later ones double, up to 8 times it); default 5 ms. */
  readonly pollIntervalMs?: number;
  /**
   * Total wait before reading the DB without filling; default the lease TTL plus 1000 ms (a
   * cache may round a lease up to whole seconds, as memcached does).
   */
  readonly maxWaitMs?: number;
}

/** A lease entry: `owner` tells whose fill is pending. */
export type LeaseEntry = Extract<CacheEntry, { kind: 'lease' }>;

/**
 * Makes the lease entries of one service instance. The owner of each lease is unique across
 * processes and across cache restarts (a random instance id plus a counter): a lease holder
 * fills only while the key still holds its very lease, which a CAS token alone cannot prove
 * (memcached numbers CAS values from 1 again after a restart).
 */
export class LeaseIssuer {
  readonly #instance = randomBytes(6).toString('base64url');
  #counter = 0;

  /** A lease entry with a fresh owner. */
  next(): LeaseEntry {
    this.#counter = (this.#counter + 1) % Number.MAX_SAFE_INTEGER;
    return { kind: 'lease', owner: `${this.#instance}.${this.#counter.toString(36)}` };
  }
}
