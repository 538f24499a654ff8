import { randomBytes } from 'node:crypto';
import type { CacheEntry } from '@cachetoggle/model';

/** How long a reader that finds someone else's lease waits for the value. */
export interface LeaseWaitOptions {
  /** Pause between two looks at the key; default 5 ms. */
  readonly pollIntervalMs?: number;
  /** Total wait before reading the DB without filling; default 50 ms. */
  readonly maxWaitMs?: number;
}

/**
 * Makes the lease entries of one service instance. The owner of each lease is unique across
 * processes (a random instance id plus a counter), so a lease found in the cache tells whose
 * fill is pending; correctness does not depend on it (the CAS token does that), but logs and
 * tests can tell leases apart.
 */
export class LeaseIssuer {
  readonly #instance = randomBytes(6).toString('base64url');
  #counter = 0;

  /** A lease entry with a fresh owner. */
  next(): CacheEntry {
    this.#counter = (this.#counter + 1) % Number.MAX_SAFE_INTEGER;
    return { kind: 'lease', owner: `${this.#instance}.${this.#counter.toString(36)}` };
  }
}

/** Resolves after `ms` milliseconds (a poll pause; the awaiting caller keeps the process up). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
