import type { PersonCache } from '@cachetoggle/model';
import { pick, type Random } from './seeded-random';

/** A running eviction loop. */
export interface Evictor {
  /** Stops the loop; resolves with the number of keys it deleted. */
  stop(): Promise<number>;
}

/**
 * Deletes a random id's key every `intervalMs` behind the services' backs, as memcached does
 * when it runs out of memory or restarts: the protocol must stay correct when entries (and
 * leases) vanish at any moment.
 */
export function startEvictor(
  cache: PersonCache,
  ids: readonly string[],
  intervalMs: number,
  random: Random,
): Evictor {
  let evictions = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = inFlight.then(() =>
      cache.delete(pick(random, ids)).then(
        () => {
          evictions++;
        },
        () => {},
      ),
    );
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      return evictions;
    },
  };
}
